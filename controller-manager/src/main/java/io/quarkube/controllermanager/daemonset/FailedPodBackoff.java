package io.quarkube.controllermanager.daemonset;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * How soon a failed daemon pod on a node may be deleted again (client-go's flowcontrol.Backoff, 1 s doubling to
 * 15 min, as kube-controller-manager configures it): a pod the kubelet keeps rejecting must not be re-created in
 * a hot loop. Keys are per DaemonSet UID, generation and node.
 */
final class FailedPodBackoff {
    static final Duration INITIAL = Duration.ofSeconds(1);
    static final Duration MAX = Duration.ofMinutes(15);

    private record Entry(Duration backoff, Instant lastUpdate) {
    }

    private final Map<String, Entry> entries = new ConcurrentHashMap<>();
    private final Duration initial;
    private final Duration max;

    FailedPodBackoff() {
        this(INITIAL, MAX);
    }

    FailedPodBackoff(Duration initial, Duration max) {
        this.initial = initial;
        this.max = max;
    }

    static String key(String dsUid, Long observedGeneration, String nodeName) {
        return dsUid + "/" + (observedGeneration == null ? 0 : observedGeneration) + "/" + nodeName;
    }

    /** IsInBackOffSinceUpdate: less than the current backoff has passed since the last deletion. */
    boolean inBackoff(String key, Instant now) {
        Entry e = entries.get(key);
        return e != null && Duration.between(e.lastUpdate(), now).compareTo(e.backoff()) < 0;
    }

    Duration current(String key) {
        Entry e = entries.get(key);
        return e == null ? Duration.ZERO : e.backoff();
    }

    /** Records a deletion now: the backoff starts at the initial delay, or doubles (up to the maximum). */
    void next(String key, Instant now) {
        gc(now);
        entries.compute(key, (k, e) -> {
            if (e == null || expired(e, now)) {
                return new Entry(initial, now);
            }
            Duration doubled = e.backoff().multipliedBy(2);
            return new Entry(doubled.compareTo(max) > 0 ? max : doubled, now);
        });
    }

    /** Entries untouched for twice the maximum are forgotten (a node that stayed healthy starts afresh). */
    private void gc(Instant now) {
        entries.values().removeIf(e -> expired(e, now));
    }

    private boolean expired(Entry e, Instant now) {
        return Duration.between(e.lastUpdate(), now).compareTo(max.multipliedBy(2)) > 0;
    }
}
