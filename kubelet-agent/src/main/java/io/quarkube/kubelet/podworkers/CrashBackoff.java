package io.quarkube.kubelet.podworkers;

import java.time.Duration;
import java.time.Instant;

/**
 * Restart backoff of one container, as the kubelet's flowcontrol.Backoff keyed by container: the first restart
 * is immediate, then each waits 10 s, 20 s, 40 s ... up to 300 s after the exit. An exit more than 10 minutes after
 * the previous one (the container ran cleanly that long) starts over.
 */
public final class CrashBackoff {
    public static final Duration INITIAL = Duration.ofSeconds(10);
    public static final Duration MAX = Duration.ofSeconds(300);

    private final Duration initial;
    private final Duration max;
    private Duration current;
    private Instant lastExit;

    public CrashBackoff() {
        this(INITIAL, MAX);
    }

    public CrashBackoff(Duration initial, Duration max) {
        this.initial = initial;
        this.max = max;
    }

    /** Records an exit and returns when the container may start again. Call once per exit. */
    public Instant restartAt(Instant finishedAt) {
        boolean fresh = current == null || Duration.between(lastExit, finishedAt).compareTo(max.multipliedBy(2)) > 0;
        Instant at = fresh ? finishedAt : finishedAt.plus(current);
        current = fresh ? initial : min(current.multipliedBy(2), max);
        lastExit = finishedAt;
        return at;
    }

    /**
     * Continues a backoff an earlier agent was in (the delay its status reported) instead of starting over: the
     * next restart waits {@code delay}, as it would have.
     */
    public void resume(Duration delay, Instant lastExitAt) {
        current = delay;
        lastExit = lastExitAt;
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }
}
