package io.quarkube.api.events;

import io.fabric8.kubernetes.api.model.Event;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The events sent lately, by occurrence key, so that a repeat updates the existing Event (count, lastTimestamp)
 * instead of creating another: client-go's EventLogger, an LRU of 4096 entries. A repeat after more than the
 * window (10 minutes) starts a new Event. Not thread-safe: only the sender thread uses it.
 */
final class EventCache {
    static final int DEFAULT_SIZE = 4096;
    static final Duration DEFAULT_WINDOW = Duration.ofMinutes(10);

    private final Duration window;
    private final Map<Occurrence.Key, Entry> entries;

    EventCache(int size, Duration window) {
        this.window = window;
        this.entries = new LinkedHashMap<>(64, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Occurrence.Key, Entry> eldest) {
                return size() > size;
            }
        };
    }

    /** The Event to count this occurrence on, if one was sent within the window. */
    Optional<Event> find(Occurrence.Key key, Instant now) {
        Entry entry = entries.get(key);
        if (entry == null || Duration.between(entry.lastSeen, now).compareTo(window) > 0) {
            return Optional.empty();
        }
        return Optional.of(entry.event);
    }

    void put(Occurrence.Key key, Event stored, Instant seen) {
        entries.put(key, new Entry(stored, seen));
    }

    void remove(Occurrence.Key key) {
        entries.remove(key);
    }

    int size() {
        return entries.size();
    }

    private record Entry(Event event, Instant lastSeen) {
    }
}
