package io.quarkube.kubelet.podworkers;

import io.fabric8.kubernetes.api.model.Pod;

import java.time.Duration;
import java.util.concurrent.CompletionStage;

/**
 * The work done for one pod, one call at a time per UID (as the kubelet's podSyncer). Each method must be safe to
 * call again: a failed sync is retried.
 */
public interface PodSyncer {

    /** Make the containers match the spec (start, restart per policy) and report the status. */
    SyncResult syncPod(Pod pod);

    /** Stop every container of the pod (SIGTERM, then SIGKILL after the grace period); completes when all are gone. */
    CompletionStage<Void> syncTerminatingPod(Pod pod, Duration gracePeriod);

    /** Release what the pod held on this node (sandbox, IP) and report it terminated. */
    void syncTerminatedPod(Pod pod, boolean confirmDeletion);
}
