package io.quarkube.scheduler.framework;

import io.fabric8.kubernetes.api.model.Pod;

/** Small questions about pods that the queue, the cache and the event handlers all ask. */
public final class Pods {
    public static final String DEFAULT_SCHEDULER = "default-scheduler";

    private Pods() {
    }

    /** Identity of a pod across its events: its UID (a pod re-created under the same name is another pod). */
    public static String key(Pod pod) {
        String uid = pod.getMetadata().getUid();
        return uid != null && !uid.isEmpty() ? uid
                : pod.getMetadata().getNamespace() + "/" + pod.getMetadata().getName();
    }

    /** namespace/name, for log lines. */
    public static String name(Pod pod) {
        return pod.getMetadata().getNamespace() + "/" + pod.getMetadata().getName();
    }

    public static boolean isAssigned(Pod pod) {
        return pod.getSpec() != null && pod.getSpec().getNodeName() != null && !pod.getSpec().getNodeName().isEmpty();
    }

    public static boolean isTerminal(Pod pod) {
        String phase = pod.getStatus() == null ? null : pod.getStatus().getPhase();
        return "Succeeded".equals(phase) || "Failed".equals(phase);
    }

    public static boolean isBeingDeleted(Pod pod) {
        return pod.getMetadata().getDeletionTimestamp() != null;
    }

    /**
     * This scheduler's business: unassigned, ours by schedulerName, alive, not finished, and without
     * schedulingGates (a gated pod waits until its gates are removed; the update brings it to the queue).
     */
    public static boolean needsScheduling(Pod pod) {
        if (pod.getSpec() == null || isAssigned(pod) || isBeingDeleted(pod) || isTerminal(pod)) {
            return false;
        }
        if (pod.getSpec().getSchedulingGates() != null && !pod.getSpec().getSchedulingGates().isEmpty()) {
            return false;
        }
        String scheduler = pod.getSpec().getSchedulerName();
        return scheduler == null || scheduler.isEmpty() || DEFAULT_SCHEDULER.equals(scheduler);
    }
}
