package io.quarkube.controllermanager.controller;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/** Questions controllers ask about pods, answered as Kubernetes' podutil does. */
public final class PodUtil {
    private PodUtil() {
    }

    public static String phase(Pod pod) {
        return pod.getStatus() == null ? null : pod.getStatus().getPhase();
    }

    public static boolean isTerminal(Pod pod) {
        return "Succeeded".equals(phase(pod)) || "Failed".equals(phase(pod));
    }

    /** Counts towards replicas: not finished and not being deleted. */
    public static boolean isActive(Pod pod) {
        return !isTerminal(pod) && pod.getMetadata().getDeletionTimestamp() == null;
    }

    public static PodCondition readyCondition(Pod pod) {
        if (pod.getStatus() == null || pod.getStatus().getConditions() == null) {
            return null;
        }
        return pod.getStatus().getConditions().stream().filter(c -> "Ready".equals(c.getType()))
                .findFirst().orElse(null);
    }

    public static boolean isReady(Pod pod) {
        PodCondition ready = readyCondition(pod);
        return ready != null && "True".equals(ready.getStatus());
    }

    /** Ready for at least minReadySeconds (the Ready condition's lastTransitionTime tells since when). */
    public static boolean isAvailable(Pod pod, int minReadySeconds, Instant now) {
        if (!isReady(pod)) {
            return false;
        }
        if (minReadySeconds <= 0) {
            return true;
        }
        Instant since = time(readyCondition(pod).getLastTransitionTime());
        return since != null && since.plus(Duration.ofSeconds(minReadySeconds)).isBefore(now);
    }

    /** An RFC 3339 timestamp as the API writes them; null when absent or unreadable. */
    public static Instant time(String timestamp) {
        if (timestamp == null || timestamp.isEmpty()) {
            return null;
        }
        try {
            return Instant.parse(timestamp);
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
