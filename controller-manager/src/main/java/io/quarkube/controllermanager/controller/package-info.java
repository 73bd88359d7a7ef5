/**
 * Machinery shared by every controller, after kubernetes pkg/controller and client-go: informer events become
 * keys in a work queue ({@link io.quarkube.controllermanager.controller.ControllerRunner}), a
 * {@link io.quarkube.controllermanager.controller.Reconciler} syncs one key level-triggered from the caches and
 * answers with a {@link io.quarkube.controllermanager.controller.Result}; expectations, pod control, adoption and
 * the deletion ranking are shared helpers. Handlers never call the API; syncs never mutate cached objects.
 */
package io.quarkube.controllermanager.controller;
