package io.quarkube.controllermanager.gc;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.quarkube.api.ResourceType;
import io.quarkube.controllermanager.controller.Caches;
import io.quarkube.controllermanager.controller.Enqueuer;
import io.quarkube.controllermanager.controller.Finalizers;
import io.quarkube.controllermanager.controller.ObjectControl;
import io.quarkube.controllermanager.controller.Reconciler;
import io.quarkube.controllermanager.controller.Result;
import org.jboss.logging.Logger;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Checks one object of any kind (Kubernetes' attemptToDeleteItem). An owner being deleted in the foreground or
 * with orphaning is handed to {@link DeletingOwners}; any other object being deleted is left to finish. Otherwise
 * its ownerReferences are classified: <em>solid</em> (the owner exists), <em>dangling</em> (gone, or replaced by
 * an object with another UID) or <em>waiting</em> (the owner is being deleted in the foreground). While a solid
 * owner is left the object stays, and only loses its references to the others; without one it is deleted —
 * in the foreground when a waiting owner needs its own dependents gone first, else as its finalizers ask
 * (orphan, foreground) or in the background.
 */
public final class GarbageCollectorSync implements Reconciler {
    private static final Logger LOG = Logger.getLogger(GarbageCollectorSync.class);

    private final Caches caches;
    private final DependentsIndex index;
    private final OwnerLookup owners;
    private final ObjectControl control;
    private final GcWriter writer;
    private final DeletingOwners deletingOwners;

    public GarbageCollectorSync(Caches caches, DependentsIndex index, OwnerLookup owners, ObjectControl control,
                                Enqueuer queue) {
        this.caches = caches;
        this.index = index;
        this.owners = owners;
        this.control = control;
        this.writer = new GcWriter(control);
        this.deletingOwners = new DeletingOwners(caches, index, writer, queue);
    }

    @Override
    public Result sync(String key) {
        ObjectRef ref = ObjectRef.parse(key).orElse(null);
        if (ref == null || !caches.follows(ref.type())) {
            LOG.warnf("garbage collector: ignoring key %s of a kind it does not follow", key);
            return Result.done();
        }
        HasMetadata object = caches.get(ref.type(), ref.namespace(), ref.name()).orElse(null);
        if (object == null) {
            return Result.done(); // its dependents were queued when it went
        }
        if (Finalizers.isOrphaning(object)) {
            return deletingOwners.orphanDependents(ref, object);
        }
        if (Finalizers.isDeletingDependents(object)) {
            return deletingOwners.deleteDependents(ref, object);
        }
        if (Finalizers.isBeingDeleted(object)) {
            return Result.done(); // a one-way trip: its dependents are checked once it is gone
        }
        return attemptToDelete(ref, object);
    }

    private Result attemptToDelete(ObjectRef ref, HasMetadata object) {
        List<OwnerReference> refs = OwnerRefs.of(object);
        if (refs.isEmpty()) {
            return Result.done();
        }
        List<OwnerReference> solid = new ArrayList<>();
        List<OwnerReference> dangling = new ArrayList<>();
        List<OwnerReference> waiting = new ArrayList<>();
        for (OwnerReference ownerRef : refs) {
            switch (classify(object, ownerRef)) {
                case SOLID -> solid.add(ownerRef);
                case DANGLING -> dangling.add(ownerRef);
                case WAITING -> waiting.add(ownerRef);
            }
        }
        if (!solid.isEmpty()) {
            if (dangling.isEmpty() && waiting.isEmpty()) {
                return Result.done();
            }
            // a waiting owner would otherwise wait for an object its other owners keep
            List<String> drop = new ArrayList<>(uids(dangling));
            drop.addAll(uids(waiting));
            LOG.infof("garbage collector: %s keeps its owner(s) %s; removing its references to %s",
                    ref, names(solid), names(dangling, waiting));
            return writer.update(ref, OwnerRefs.without(object, drop));
        }
        // No owner keeps it. The cache may lag behind an adoption: decide on the live ownerReferences.
        String uid = object.getMetadata().getUid();
        Optional<HasMetadata> live = control.get(ref.type(), ref.namespace(), ref.name());
        if (live.isEmpty() || !Objects.equals(uid, live.get().getMetadata().getUid())) {
            return Result.done();
        }
        if (!OwnerRefs.uids(live.get()).equals(OwnerRefs.uids(object))) {
            return Result.requeue(); // its update is on the way
        }
        String policy = propagationPolicy(object, !waiting.isEmpty());
        if (writer.delete(ref, uid, policy)) {
            LOG.infof("garbage collector: deleting %s (%s): its owner(s) %s are gone or being deleted",
                    ref, policy, names(dangling, waiting));
        }
        return Result.done();
    }

    private enum OwnerState { SOLID, DANGLING, WAITING }

    private OwnerState classify(HasMetadata dependent, OwnerReference ownerRef) {
        Optional<ResourceType<?>> type = OwnerRefs.ownerType(ownerRef);
        if (type.isEmpty() || ownerRef.getUid() == null) {
            return OwnerState.SOLID; // a kind quarkube does not serve: nothing proves it is gone
        }
        Optional<ObjectRef> where = OwnerRefs.owner(type.get(), dependent, ownerRef);
        if (where.isEmpty()) {
            return OwnerState.DANGLING;
        }
        Optional<HasMetadata> owner = owners.find(where.get(), ownerRef.getUid());
        if (owner.isEmpty()) {
            return OwnerState.DANGLING;
        }
        return Finalizers.isDeletingDependents(owner.get()) ? OwnerState.WAITING : OwnerState.SOLID;
    }

    /**
     * Foreground when a waiting owner needs this object's own dependents gone first (Kubernetes propagates the
     * foreground deletion down the tree); otherwise what the object's finalizers already ask for, else Background.
     */
    private String propagationPolicy(HasMetadata object, boolean ownerWaits) {
        if (ownerWaits && index.hasDependents(object.getMetadata().getUid())) {
            return "Foreground";
        }
        if (Finalizers.has(object, Finalizers.ORPHAN)) {
            return "Orphan";
        }
        return Finalizers.has(object, Finalizers.FOREGROUND) ? "Foreground" : "Background";
    }

    private static List<String> uids(List<OwnerReference> refs) {
        return refs.stream().map(OwnerReference::getUid).toList();
    }

    @SafeVarargs
    private static String names(List<OwnerReference>... groups) {
        List<String> names = new ArrayList<>();
        for (List<OwnerReference> refs : groups) {
            refs.forEach(r -> names.add(r.getKind() + " " + r.getName() + " (uid " + r.getUid() + ")"));
        }
        return String.join(", ", names);
    }
}
