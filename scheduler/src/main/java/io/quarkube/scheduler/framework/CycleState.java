package io.quarkube.scheduler.framework;

import java.util.HashMap;
import java.util.Map;

/**
 * Scratchpad of one scheduling attempt: PreFilter computes once and writes under its plugin's name, Filter and
 * Score read it back for every node. Used by the single scheduling thread only.
 */
public final class CycleState {
    private final Map<String, Object> data = new HashMap<>();

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
