package io.quarkube.loadtest;

import com.fasterxml.jackson.databind.JsonNode;
import org.HdrHistogram.Histogram;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Each benchmark pod's timeline as a client sees it: created (the POST answered), first seen scheduled
 * (spec.nodeName set) and first seen Running, from the pods watch. Counts the watch events (every committed pod
 * change is one) so that requests per pod change can be computed.
 */
final class PodTracker implements Informer.Handler {
    /** Times in System.nanoTime(); 0 = not yet. */
    private static final class Timeline {
        volatile long created;
        volatile long scheduled;
        volatile long running;
    }

    private final String namePrefix;
    private final Map<String, Timeline> pods = new ConcurrentHashMap<>();
    private final AtomicLong created = new AtomicLong();
    private long firstScheduledAt;
    private long lastScheduledAt;
    private final AtomicLong scheduled = new AtomicLong();
    private final AtomicLong running = new AtomicLong();
    private final AtomicLong changes = new AtomicLong();
    private final AtomicLong notRunningAgain = new AtomicLong();
    private volatile long lastRunningAt;

    PodTracker(String namePrefix) {
        this.namePrefix = namePrefix;
    }

    private Timeline timeline(String key) {
        return pods.computeIfAbsent(key, k -> new Timeline());
    }

    /** The POST of this pod answered 201 at {@code nanos}. */
    void created(String namespace, String name, long nanos) {
        Timeline t = timeline(namespace + "/" + name);
        synchronized (t) {
            t.created = nanos;
        }
        created.incrementAndGet();
    }

    @Override
    public void on(String type, JsonNode pod, long now) {
        JsonNode meta = pod.path("metadata");
        String name = meta.path("name").asText();
        if (!name.startsWith(namePrefix)) {
            return;
        }
        changes.incrementAndGet();
        if ("DELETED".equals(type)) {
            return;
        }
        Timeline t = timeline(meta.path("namespace").asText() + "/" + name);
        boolean bound = !pod.path("spec").path("nodeName").asText("").isEmpty();
        boolean isRunning = "Running".equals(pod.path("status").path("phase").asText());
        synchronized (t) {
            if (bound && t.scheduled == 0) {
                t.scheduled = now;
                scheduled.incrementAndGet();
                synchronized (this) {
                    firstScheduledAt = firstScheduledAt == 0 ? now : Math.min(firstScheduledAt, now);
                    lastScheduledAt = Math.max(lastScheduledAt, now);
                }
            }
            if (isRunning && t.running == 0) {
                t.running = now;
                running.incrementAndGet();
                lastRunningAt = now;
            } else if (!isRunning && t.running != 0) {
                notRunningAgain.incrementAndGet();
            }
        }
    }

    long created() {
        return created.get();
    }

    long scheduled() {
        return scheduled.get();
    }

    /** Bindings per second between the first and the last binding a watcher saw (0 before two were seen). */
    synchronized double bindingRate() {
        long span = lastScheduledAt - firstScheduledAt;
        return span <= 0 ? 0 : (scheduled.get() - 1) / (span / 1e9);
    }

    synchronized double bindingSeconds() {
        return (lastScheduledAt - firstScheduledAt) / 1e9;
    }

    long running() {
        return running.get();
    }

    /** Pod ADDED/MODIFIED/DELETED events seen for benchmark pods: each is one committed change. */
    long changes() {
        return changes.get();
    }

    /** Updates that showed a pod which had been Running in another phase (should stay 0). */
    long leftRunning() {
        return notRunningAgain.get();
    }

    long lastRunningAt() {
        return lastRunningAt;
    }

    /** created → Running, created → scheduled, scheduled → Running, in microseconds, of pods that got there. */
    Histogram[] latencies() {
        Histogram startup = histogram();
        Histogram toScheduled = histogram();
        Histogram toRunning = histogram();
        for (Timeline t : pods.values()) {
            long c;
            long s;
            long r;
            synchronized (t) {
                c = t.created;
                s = t.scheduled;
                r = t.running;
            }
            // an event can overtake the POST's answer: clamp negative spans to 0
            if (c != 0 && r != 0) {
                startup.recordValue(Math.max(0, (r - c) / 1_000));
            }
            if (c != 0 && s != 0) {
                toScheduled.recordValue(Math.max(0, (s - c) / 1_000));
            }
            if (s != 0 && r != 0) {
                toRunning.recordValue(Math.max(0, (r - s) / 1_000));
            }
        }
        return new Histogram[] {startup, toScheduled, toRunning};
    }

    static Histogram histogram() {
        return new Histogram(3_600_000_000L, 3); // up to an hour, in µs
    }
}
