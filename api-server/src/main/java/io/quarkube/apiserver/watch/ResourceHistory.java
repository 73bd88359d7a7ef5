package io.quarkube.apiserver.watch;

import io.fabric8.kubernetes.api.model.HasMetadata;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * The recent history of one resource (all objects of one kind) and its live watchers. Events arrive in
 * resourceVersion order (one Kafka partition per resource, published in commit order). The history is complete
 * for every version from {@link #completeFrom}: a watch from an older version cannot be served (410 Expired).
 */
final class ResourceHistory {
    private final int capacity;
    private final ArrayDeque<WatchEvent> events = new ArrayDeque<>();
    private final Map<String, HasMetadata> current = new LinkedHashMap<>();
    private final List<Consumer<WatchEvent>> watchers = new CopyOnWriteArrayList<>();
    private long completeFrom;
    private long latest;
    private boolean live;

    ResourceHistory(int capacity) {
        this.capacity = capacity;
    }

    /** The state read from Kafka before the cache synced: no history yet, only objects. */
    synchronized void seed(String key, HasMetadata object, long resourceVersion) {
        if (object == null) {
            current.remove(key);
        } else {
            current.put(key, object);
        }
        latest = Math.max(latest, resourceVersion);
    }

    /** From now on every change is history; versions up to what was seeded cannot be replayed. */
    synchronized void goLive() {
        completeFrom = latest;
        live = true;
    }

    synchronized void append(String key, WatchEvent event) {
        if (event.type() == WatchEvent.Type.DELETED) {
            current.remove(key);
        } else {
            current.put(key, event.object());
        }
        latest = Math.max(latest, event.resourceVersion());
        events.addLast(event);
        if (events.size() > capacity) {
            completeFrom = events.removeFirst().resourceVersion();
        }
        for (Consumer<WatchEvent> watcher : watchers) {
            watcher.accept(event);
        }
    }

    /**
     * Registers {@code watcher} and hands it, atomically with the registration, either a synthetic ADDED per
     * current object (fromVersion 0: "start from the current state") or every retained event newer than
     * fromVersion. Returns false, registering nothing, when fromVersion is older than the retained history.
     */
    synchronized boolean subscribe(long fromVersion, Consumer<WatchEvent> watcher) {
        if (fromVersion == 0) {
            for (HasMetadata object : current.values()) {
                watcher.accept(new WatchEvent(WatchEvent.Type.ADDED, object, null, version(object)));
            }
        } else {
            if (fromVersion < completeFrom) {
                return false;
            }
            for (WatchEvent event : events) {
                if (event.resourceVersion() > fromVersion) {
                    watcher.accept(event);
                }
            }
        }
        watchers.add(watcher);
        return true;
    }

    void unsubscribe(Consumer<WatchEvent> watcher) {
        watchers.remove(watcher);
    }

    synchronized long latest() {
        return latest;
    }

    synchronized long completeFrom() {
        return completeFrom;
    }

    synchronized boolean isLive() {
        return live;
    }

    synchronized List<HasMetadata> snapshot() {
        return new ArrayList<>(current.values());
    }

    int watcherCount() {
        return watchers.size();
    }

    static long version(HasMetadata object) {
        return Long.parseLong(object.getMetadata().getResourceVersion());
    }

    /** For tests: the retained events, oldest first. */
    synchronized List<WatchEvent> retained() {
        List<WatchEvent> copy = new ArrayList<>();
        for (Iterator<WatchEvent> it = events.iterator(); it.hasNext(); ) {
            copy.add(it.next());
        }
        return copy;
    }
}
