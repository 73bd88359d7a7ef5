package io.quarkube.controllermanager.controller;

import java.time.Duration;
import java.util.Objects;

/**
 * What a sync asks of the work queue afterwards: nothing (done), a rate-limited retry, or a plain retry after
 * a delay (e.g. to see a pod become available after minReadySeconds). A value, not a side effect.
 */
public final class Result {
    public enum Kind { DONE, REQUEUE, REQUEUE_AFTER }

    private static final Result DONE = new Result(Kind.DONE, Duration.ZERO);
    private static final Result REQUEUE = new Result(Kind.REQUEUE, Duration.ZERO);

    private final Kind kind;
    private final Duration delay;

    private Result(Kind kind, Duration delay) {
        this.kind = kind;
        this.delay = delay;
    }

    public static Result done() {
        return DONE;
    }

    /** Retry with the key's exponential backoff (e.g. after a 409 conflict). */
    public static Result requeue() {
        return REQUEUE;
    }

    /** Sync again after this delay; the key's failure count is reset. */
    public static Result requeueAfter(Duration delay) {
        if (delay == null || delay.isNegative()) {
            throw new IllegalArgumentException("requeueAfter needs a positive delay, got " + delay);
        }
        return new Result(Kind.REQUEUE_AFTER, delay);
    }

    public Kind kind() {
        return kind;
    }

    public Duration delay() {
        return delay;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Result r && r.kind == kind && r.delay.equals(delay);
    }

    @Override
    public int hashCode() {
        return Objects.hash(kind, delay);
    }

    @Override
    public String toString() {
        return kind == Kind.REQUEUE_AFTER ? "requeueAfter(" + delay + ")" : kind.name().toLowerCase();
    }
}
