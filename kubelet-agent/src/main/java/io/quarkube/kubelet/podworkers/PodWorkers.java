package io.quarkube.kubelet.podworkers;

import io.fabric8.kubernetes.api.model.Pod;

import java.util.Optional;

/** Receives pod changes from the pod source and runs each pod's lifecycle on its own serial worker. */
public interface PodWorkers {

    /** The newest version of a pod bound to this node; a deletionTimestamp starts its termination. */
    void updatePod(Pod pod);

    /** The pod is gone from the API: terminate it if needed, then forget its UID. */
    void removePod(Pod lastState);

    Optional<PodWorkerState> state(String uid);

    /** True once the pod must not run containers any more (as the kubelet's ShouldPodContainersBeTerminating). */
    default boolean shouldPodContainersBeTerminating(String uid) {
        return state(uid).map(s -> s != PodWorkerState.SYNC).orElse(false);
    }

    int knownPods();
}
