/**
 * The garbage collector, for every kind (after Kubernetes' pkg/controller/garbagecollector): objects whose owners
 * (ownerReferences, by UID) are all gone are deleted; an owner deleted in the foreground keeps its
 * {@code foregroundDeletion} finalizer until its blocking dependents are gone; an owner deleted with orphaning
 * keeps its {@code orphan} finalizer until no dependent references it. Events only queue keys
 * ({@link io.quarkube.controllermanager.gc.GarbageCollector}); the sync reads the caches and confirms an owner's
 * absence with a live GET before it deletes anything.
 */
package io.quarkube.controllermanager.gc;
