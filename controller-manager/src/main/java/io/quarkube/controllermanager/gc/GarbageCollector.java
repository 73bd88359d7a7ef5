package io.quarkube.controllermanager.gc;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.quarkube.api.ResourceType;
import io.quarkube.api.informer.ResourceEventHandler;
import io.quarkube.controllermanager.controller.Enqueuer;
import io.quarkube.controllermanager.controller.Finalizers;

import java.util.List;
import java.util.Objects;

/**
 * The garbage collector's event side (Kubernetes' GraphBuilder, without the graph): keeps the
 * {@link DependentsIndex} current and maps events of every kind to the keys to check. An object is checked when
 * it appears with owners or its owners change; an owner when it starts a foreground or orphan deletion; the
 * dependents of an object that is gone; and the owner a dependent blocked, when that dependent goes away or lets
 * go of it. It never calls the API.
 */
public final class GarbageCollector {
    private final DependentsIndex index;
    private final Enqueuer queue;

    public GarbageCollector(DependentsIndex index, Enqueuer queue) {
        this.index = index;
        this.queue = queue;
    }

    public <T extends HasMetadata> ResourceEventHandler<T> handler(ResourceType<T> type) {
        return new ResourceEventHandler<>() {
            @Override
            public void onAdd(T object) {
                ObjectRef ref = ObjectRef.of(type, object);
                index.put(ref, object);
                if (!OwnerRefs.of(object).isEmpty() || waitsForGc(object)) {
                    queue.enqueue(ref.toString());
                }
            }

            @Override
            public void onUpdate(T oldObject, T newObject) {
                ObjectRef ref = ObjectRef.of(type, newObject);
                index.put(ref, newObject);
                boolean ownersChanged = !Objects.equals(OwnerRefs.of(oldObject), OwnerRefs.of(newObject));
                var oldMeta = oldObject.getMetadata();
                var newMeta = newObject.getMetadata();
                boolean deletionChanged = !Objects.equals(oldMeta.getDeletionTimestamp(), newMeta.getDeletionTimestamp())
                        || !Objects.equals(oldMeta.getFinalizers(), newMeta.getFinalizers());
                if ((ownersChanged && !OwnerRefs.of(newObject).isEmpty()) || (deletionChanged && waitsForGc(newObject))) {
                    queue.enqueue(ref.toString());
                }
                if (ownersChanged) {
                    enqueueBlockedOwners(oldObject);
                }
            }

            @Override
            public void onDelete(T object) {
                index.remove(ObjectRef.of(type, object));
                String uid = object.getMetadata().getUid();
                if (uid != null) {
                    index.dependentsOf(uid).forEach(dependent -> queue.enqueue(dependent.toString()));
                }
                enqueueBlockedOwners(object);
            }
        };
    }

    private static boolean waitsForGc(HasMetadata object) {
        return Finalizers.isDeletingDependents(object) || Finalizers.isOrphaning(object);
    }

    /** Owners this object held back (blockOwnerDeletion): a foreground deletion may be able to finish now. */
    private void enqueueBlockedOwners(HasMetadata dependent) {
        List<OwnerReference> refs = OwnerRefs.of(dependent);
        for (OwnerReference ref : refs) {
            if (OwnerRefs.blocksOwnerDeletion(ref)) {
                OwnerRefs.ownerKey(dependent, ref).ifPresent(owner -> queue.enqueue(owner.toString()));
            }
        }
    }
}
