/**
 * The plugins, one package and one class each, and {@link io.quarkube.scheduler.plugins.DefaultPlugins}: the
 * name-to-factory registry and the default profile.
 */
package io.quarkube.scheduler.plugins;
