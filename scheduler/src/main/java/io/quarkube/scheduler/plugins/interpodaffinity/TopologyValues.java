package io.quarkube.scheduler.plugins.interpodaffinity;

import java.util.HashMap;
import java.util.Map;

/**
 * A number per topology pair (topologyKey=value), kept as key → value → number so that looking up a node's
 * pair allocates nothing. Counts of matching pods for filtering, summed weights for scoring.
 */
final class TopologyValues {
    private final Map<String, Map<String, long[]>> byKey = new HashMap<>(4);

    /** Adds {@code delta} to the pair of {@code key} on a node with these labels; a node without the key adds nothing. */
    void add(Map<String, String> nodeLabels, String key, long delta) {
        String value = nodeLabels.get(key);
        if (value != null) {
            byKey.computeIfAbsent(key, k -> new HashMap<>()).computeIfAbsent(value, v -> new long[1])[0] += delta;
        }
    }

    long get(String key, String value) {
        Map<String, long[]> values = byKey.get(key);
        long[] number = values == null ? null : values.get(value);
        return number == null ? 0 : number[0];
    }

    boolean isEmpty() {
        return byKey.isEmpty();
    }

    /** True if any pair with a positive count is one of the node's labels. */
    boolean anyPositive(Map<String, String> nodeLabels) {
        for (Map.Entry<String, Map<String, long[]>> entry : byKey.entrySet()) {
            String value = nodeLabels.get(entry.getKey());
            long[] number = value == null ? null : entry.getValue().get(value);
            if (number != null && number[0] > 0) {
                return true;
            }
        }
        return false;
    }

    /** The sum over every key of the number of the node's value for it. */
    long sum(Map<String, String> nodeLabels) {
        long sum = 0;
        for (Map.Entry<String, Map<String, long[]>> entry : byKey.entrySet()) {
            String value = nodeLabels.get(entry.getKey());
            long[] number = value == null ? null : entry.getValue().get(value);
            if (number != null) {
                sum += number[0];
            }
        }
        return sum;
    }
}
