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
     * Waiting for a node: unassigned, alive, not finished, and without schedulingGates (a gated pod waits until
     * its gates are removed; that update brings it to the queue).
     */
    public static boolean isPending(Pod pod) {
        if (pod.getSpec() == null || isAssigned(pod) || isBeingDeleted(pod) || isTerminal(pod)) {
            return false;
        }
        return pod.getSpec().getSchedulingGates() == null || pod.getSpec().getSchedulingGates().isEmpty();
    }

    /** This scheduler's business: pending and naming it in spec.schedulerName (empty means the default). */
    public static boolean needsScheduling(Pod pod, String schedulerName) {
        if (!isPending(pod)) {
            return false;
        }
        String wanted = pod.getSpec().getSchedulerName();
        return schedulerName.equals(wanted == null || wanted.isEmpty() ? DEFAULT_SCHEDULER : wanted);
    }
}
