package io.quarkube.scheduler.core;

import java.time.Duration;

/**
 * What the scheduling loop reports, named after kube-scheduler's metrics; the Micrometer implementation lives
 * in the metrics package so the core (and the in-process benchmark) do not depend on a registry.
 */
public interface SchedulerMetrics {
    /** Outcome of one scheduling attempt, as scheduler_schedule_attempts_total's result label. */
    enum Result {
        SCHEDULED("scheduled"), UNSCHEDULABLE("unschedulable"), ERROR("error");

        public final String label;

        Result(String label) {
            this.label = label;
        }
    }

    SchedulerMetrics NONE = new SchedulerMetrics() {
        @Override
        public void attempt(Result result, Duration duration) {
        }

        @Override
        public void podScheduled(Duration sinceQueued, int attempts) {
        }
    };

    /** One attempt finished (for SCHEDULED: the binding succeeded); {@code duration} covers that attempt. */
    void attempt(Result result, Duration duration);

    /** A pod was bound: the time since it first entered the queue, over all its attempts (the SLI). */
    void podScheduled(Duration sinceQueued, int attempts);
}
