package io.quarkube.scheduler.framework;

import java.util.HashMap;
import java.util.Map;

/**
 * Scratchpad of one scheduling attempt: PreFilter and PreScore compute once and write under their plugin's name,
 * Filter and Score read it back for every node. Carries the cycle's node snapshot, which PreFilter plugins that
 * look across nodes (inter-pod affinity, topology spread) need. Used by the single scheduling thread only.
 */
public final class CycleState {
    private final Snapshot snapshot;
    private final Map<String, Object> data = new HashMap<>();
    /** The filters this attempt runs (PreFilter may skip some); set by the framework. */
    FilterPlugin[] activeFilters;

    public CycleState(Snapshot snapshot) {
        this.snapshot = snapshot;
    }

    /** A state over no nodes, for plugins that never look beyond the node they are given (tests). */
    public CycleState() {
        this(Snapshot.of(java.util.List.of()));
    }

    public Snapshot snapshot() {
        return snapshot;
    }

    public void write(String key, Object value) {
        data.put(key, value);
    }

    public <T> T read(String key, Class<T> type) {
        Object value = data.get(key);
        if (value == null) {
            throw new IllegalStateException("no cycle state under " + key + " (did its PreFilter run?)");
        }
        return type.cast(value);
    }
}
