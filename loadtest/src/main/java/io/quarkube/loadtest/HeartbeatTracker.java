package io.quarkube.loadtest;

import com.fasterxml.jackson.databind.JsonNode;
import org.HdrHistogram.Histogram;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Heartbeats as the control plane sees them, from a watch: node Leases (spec.renewTime) or, for agents that
 * heartbeat through Node status, the Ready condition's lastHeartbeatTime. Lateness of a heartbeat = the gap since
 * the previous one of the same node minus the interval (0 when on time). Also tracks which nodes are Ready.
 * Gaps are recorded only while {@link #measuring} is on (not during registration).
 */
final class HeartbeatTracker {
    private final Duration interval;
    private final Map<String, Instant> lastBeat = new ConcurrentHashMap<>();
    private final Set<String> ready = ConcurrentHashMap.newKeySet();
    // kept apart: an agent that renews Leases updates Node status only every few minutes (not a heartbeat then)
    private final Histogram leaseLatenessMs = new Histogram(3_600_000L, 3);
    private final Histogram nodeLatenessMs = new Histogram(3_600_000L, 3);
    private final Histogram seenAfterMs = new Histogram(3_600_000L, 3);
    private volatile boolean measuring;

    HeartbeatTracker(Duration interval) {
        this.interval = interval;
    }

    /** Node events: readiness, and heartbeats from the Ready condition. */
    Informer.Handler nodes() {
        return (type, node, arrived) -> {
            String name = node.path("metadata").path("name").asText();
            if ("DELETED".equals(type)) {
                ready.remove(name);
                return;
            }
            for (JsonNode c : node.path("status").path("conditions")) {
                if ("Ready".equals(c.path("type").asText())) {
                    if ("True".equals(c.path("status").asText())) {
                        ready.add(name);
                    } else {
                        ready.remove(name);
                    }
                    beat("node/" + name, c.path("lastHeartbeatTime").asText(null));
                }
            }
        };
    }

    /** Lease events (kube-node-lease): heartbeats from spec.renewTime, and how long they took to be seen. */
    Informer.Handler leases() {
        return (type, lease, arrived) -> {
            if ("DELETED".equals(type)) {
                return;
            }
            String name = lease.path("metadata").path("name").asText();
            Instant renewed = beat("lease/" + name, lease.path("spec").path("renewTime").asText(null));
            if (renewed != null && measuring) {
                long seen = System.currentTimeMillis() - renewed.toEpochMilli();
                seenAfterMs.recordValue(Math.max(0, Math.min(seen, 3_600_000L)));
            }
        };
    }

    private Instant beat(String key, String time) {
        if (time == null || time.isEmpty()) {
            return null;
        }
        Instant at;
        try {
            at = Instant.parse(time);
        } catch (DateTimeParseException e) {
            return null;
        }
        Instant previous = lastBeat.put(key, at);
        if (measuring && previous != null && at.isAfter(previous)) {
            long lateMs = Duration.between(previous, at).toMillis() - interval.toMillis();
            Histogram h = key.startsWith("lease/") ? leaseLatenessMs : nodeLatenessMs;
            synchronized (h) {
                h.recordValue(Math.max(0, Math.min(lateMs, 3_600_000L)));
            }
        }
        return at;
    }

    void startMeasuring() {
        measuring = true;
    }

    int readyNodes() {
        return ready.size();
    }

    boolean sawLeases() {
        return lastBeat.keySet().stream().anyMatch(k -> k.startsWith("lease/"));
    }

    /** Heartbeat lateness in ms (a copy): of the Leases if the agent renews any, else of Node heartbeats. */
    Histogram lateness() {
        Histogram h = sawLeases() ? leaseLatenessMs : nodeLatenessMs;
        synchronized (h) {
            return h.copy();
        }
    }

    /** From a lease's renewTime to its arrival at this watch, in ms: the write and watch path's delay. */
    Histogram seenAfter() {
        return seenAfterMs.copy();
    }
}
