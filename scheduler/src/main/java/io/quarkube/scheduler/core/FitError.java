package io.quarkube.scheduler.core;

import java.util.Map;
import java.util.stream.Collectors;

/**
 * Why no node fits a pod, summarised as Kubernetes does: "0/3 nodes are available: 1 node(s) were
 * unschedulable, 2 Insufficient cpu." (reason counts, sorted as strings).
 */
public record FitError(int numAllNodes, Map<String, Integer> reasonCounts) {
    public static final String NO_NODES = "no nodes available to schedule pods";

    public String message() {
        if (numAllNodes == 0) {
            return NO_NODES;
        }
        String reasons = reasonCounts.entrySet().stream()
                .map(e -> e.getValue() + " " + e.getKey())
                .sorted()
                .collect(Collectors.joining(", "));
        return "0/" + numAllNodes + " nodes are available: " + reasons + ".";
    }
}
