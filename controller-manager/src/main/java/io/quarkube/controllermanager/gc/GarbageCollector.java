package io.quarkube.controllermanager.gc;

import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.quarkube.api.ObjectKey;
import io.quarkube.api.informer.ResourceEventHandler;
import io.quarkube.controllermanager.controller.ControllerRefs;
import io.quarkube.controllermanager.controller.Enqueuer;
import io.quarkube.controllermanager.controller.Lister;

import java.util.Objects;

/**
 * Maps events to the pod keys the garbage collector checks: a pod controlled by a ReplicaSet when it appears or
 * its owner references change, and every pod of a ReplicaSet when that ReplicaSet is deleted.
 */
public final class GarbageCollector {
    private final Lister<Pod> pods;
    private final Enqueuer queue;

    public GarbageCollector(Lister<Pod> pods, Enqueuer queue) {
        this.pods = pods;
        this.queue = queue;
    }

    static boolean isReplicaSetRef(OwnerReference ref) {
        return ControllerRefs.refersTo(ref, "apps", "ReplicaSet");
    }

    public ResourceEventHandler<Pod> podHandler() {
        return new ResourceEventHandler<>() {
            @Override
            public void onAdd(Pod pod) {
                if (isReplicaSetRef(ControllerRefs.controllerOf(pod))) {
                    queue.enqueue(ObjectKey.of(pod).toString());
                }
            }

            @Override
            public void onUpdate(Pod oldPod, Pod newPod) {
                if (!Objects.equals(oldPod.getMetadata().getOwnerReferences(), newPod.getMetadata().getOwnerReferences())) {
                    onAdd(newPod);
                }
            }
        };
    }

    public ResourceEventHandler<ReplicaSet> replicaSetHandler() {
        return new ResourceEventHandler<>() {
            @Override
            public void onDelete(ReplicaSet rs) {
                String uid = rs.getMetadata().getUid();
                for (Pod pod : pods.list(rs.getMetadata().getNamespace())) {
                    OwnerReference ref = ControllerRefs.controllerOf(pod);
                    if (isReplicaSetRef(ref) && Objects.equals(uid, ref.getUid())) {
                        queue.enqueue(ObjectKey.of(pod).toString());
                    }
                }
            }
        };
    }
}
