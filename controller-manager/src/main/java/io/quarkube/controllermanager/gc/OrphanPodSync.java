package io.quarkube.controllermanager.gc;

import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.quarkube.api.ObjectKey;
import io.quarkube.api.client.ApiException;
import io.quarkube.controllermanager.controller.ControllerRefs;
import io.quarkube.controllermanager.controller.Lister;
import io.quarkube.controllermanager.controller.PodControl;
import io.quarkube.controllermanager.controller.Reconciler;
import io.quarkube.controllermanager.controller.Result;
import org.jboss.logging.Logger;

/**
 * Deletes a pod whose controller ReplicaSet no longer exists (the dependent of a deleted owner, with Background
 * propagation: the owner is gone first, then its dependents). The delete carries the pod's UID as a
 * precondition so that a new pod that took the name is left alone.
 */
public final class OrphanPodSync implements Reconciler {
    private static final Logger LOG = Logger.getLogger(OrphanPodSync.class);

    private final Lister<Pod> pods;
    private final OwnerLookup replicaSets;
    private final PodControl podControl;

    public OrphanPodSync(Lister<Pod> pods, OwnerLookup replicaSets, PodControl podControl) {
        this.pods = pods;
        this.replicaSets = replicaSets;
        this.podControl = podControl;
    }

    @Override
    public Result sync(String key) {
        ObjectKey name = ObjectKey.parse(key);
        Pod pod = pods.get(name.namespace(), name.name()).orElse(null);
        if (pod == null || pod.getMetadata().getDeletionTimestamp() != null) {
            return Result.done();
        }
        OwnerReference ref = ControllerRefs.controllerOf(pod);
        if (!GarbageCollector.isReplicaSetRef(ref) || replicaSets.exists(name.namespace(), ref)) {
            return Result.done();
        }
        LOG.infof("garbage collector: deleting pod %s, its owner ReplicaSet %s (uid %s) no longer exists",
                key, ref.getName(), ref.getUid());
        try {
            podControl.deletePod(name.namespace(), name.name(), pod.getMetadata().getUid());
        } catch (ApiException e) {
            if (!e.isNotFound() && !e.isConflict()) { // gone already, or replaced by another pod
                throw e;
            }
        }
        return Result.done();
    }
}
