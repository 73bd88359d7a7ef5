package io.quarkube.kubelet.podworkers;

/**
 * Where a pod is in its life on this node. It only moves forward:
 * <pre>
 *   SYNC ──(deletionTimestamp set, or removed from the API)──▶ TERMINATING ──(containers gone)──▶ TERMINATED
 * </pre>
 * A TERMINATED UID never starts again; it is forgotten once the pod is gone from the API.
 */
public enum PodWorkerState {
    SYNC, TERMINATING, TERMINATED
}
