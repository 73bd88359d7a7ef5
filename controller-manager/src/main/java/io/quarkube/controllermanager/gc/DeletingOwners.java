package io.quarkube.controllermanager.gc;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.quarkube.controllermanager.controller.Caches;
import io.quarkube.controllermanager.controller.Enqueuer;
import io.quarkube.controllermanager.controller.Finalizers;
import io.quarkube.controllermanager.controller.Result;
import org.jboss.logging.Logger;

import java.util.List;

/**
 * Owners the api-server marked for a foreground or orphan deletion, which stay until the garbage collector
 * removes that finalizer (Kubernetes' processDeletingDependentsItem and attemptToOrphan).
 */
final class DeletingOwners {
    private static final Logger LOG = Logger.getLogger(DeletingOwners.class);

    private final Caches caches;
    private final DependentsIndex index;
    private final GcWriter writer;
    private final Enqueuer queue;

    DeletingOwners(Caches caches, DependentsIndex index, GcWriter writer, Enqueuer queue) {
        this.caches = caches;
        this.index = index;
        this.writer = writer;
        this.queue = queue;
    }

    /**
     * Foreground: every dependent not yet being deleted is queued (its own check sees this owner waiting and
     * deletes it, or drops the reference if another owner keeps it). The finalizer goes once no dependent that
     * blocks owner deletion is left — terminating pods still count until they are gone.
     */
    Result deleteDependents(ObjectRef ref, HasMetadata owner) {
        String uid = owner.getMetadata().getUid();
        int blocking = 0;
        for (Dependent dependent : dependents(uid)) {
            if (OwnerRefs.blocksOwnerDeletion(dependent.reference())) {
                blocking++;
            }
            if (!Finalizers.isBeingDeleted(dependent.object())) {
                queue.enqueue(dependent.ref().toString());
            }
        }
        if (blocking > 0) {
            LOG.debugf("garbage collector: %s waits for %d dependents", ref, blocking);
            return Result.done(); // each one's disappearance queues this owner again
        }
        LOG.infof("garbage collector: %s has no dependents left; removing its %s finalizer", ref,
                Finalizers.FOREGROUND);
        return writer.update(ref, Finalizers.without(owner, Finalizers.FOREGROUND));
    }

    /** Orphan: every dependent loses its reference to this owner, then the owner its finalizer. */
    Result orphanDependents(ObjectRef ref, HasMetadata owner) {
        String uid = owner.getMetadata().getUid();
        int orphaned = 0;
        boolean retry = false;
        for (Dependent dependent : dependents(uid)) {
            Result result = writer.update(dependent.ref(), OwnerRefs.without(dependent.object(), List.of(uid)));
            if (result.kind() == Result.Kind.REQUEUE) {
                retry = true; // the others are still worth doing now
            } else {
                orphaned++;
            }
        }
        if (retry) {
            return Result.requeue();
        }
        LOG.infof("garbage collector: orphaned %d dependents of %s; removing its %s finalizer", orphaned, ref,
                Finalizers.ORPHAN);
        return writer.update(ref, Finalizers.without(owner, Finalizers.ORPHAN));
    }

    private record Dependent(ObjectRef ref, HasMetadata object, OwnerReference reference) {
    }

    /** The cached dependents that still reference the owner (the index may be a step ahead of the caches). */
    private List<Dependent> dependents(String ownerUid) {
        return index.dependentsOf(ownerUid).stream()
                .flatMap(ref -> caches.get(ref.type(), ref.namespace(), ref.name()).stream()
                        .flatMap(object -> OwnerRefs.find(object, ownerUid).stream()
                                .map(reference -> new Dependent(ref, object, reference))))
                .toList();
    }
}
