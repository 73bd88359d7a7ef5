package io.quarkube.scheduler.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkube.scheduler.core.SchedulerMetrics;
import io.quarkube.scheduler.queue.SchedulingQueue;

import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * kube-scheduler's metrics on /q/metrics: {@code scheduler_schedule_attempts_total{result}},
 * {@code scheduler_scheduling_attempt_duration_seconds{result}}, the end-to-end
 * {@code scheduler_pod_scheduling_sli_duration_seconds{attempts}} (queue entry to binding, over all attempts),
 * {@code scheduler_pending_pods{queue}} and {@code leader_election_master_status}.
 */
public final class MicrometerSchedulerMetrics implements SchedulerMetrics {
    private static final Duration[] ATTEMPT_BUCKETS = {Duration.ofNanos(100_000), Duration.ofNanos(250_000),
            Duration.ofMillis(1), Duration.ofMillis(5), Duration.ofMillis(25), Duration.ofMillis(100),
            Duration.ofMillis(500), Duration.ofSeconds(2), Duration.ofSeconds(10)};
    private static final Duration[] E2E_BUCKETS = {Duration.ofMillis(10), Duration.ofMillis(25), Duration.ofMillis(50),
            Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofSeconds(1),
            Duration.ofSeconds(2), Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofSeconds(30),
            Duration.ofSeconds(60), Duration.ofMinutes(5), Duration.ofMinutes(15)};
    /** Attempts above this share one label value, as Kubernetes caps the label. */
    private static final int MAX_ATTEMPTS_LABEL = 15;

    private final Map<Result, Counter> attempts = new EnumMap<>(Result.class);
    private final Map<Result, Timer> attemptDurations = new EnumMap<>(Result.class);
    private final Timer[] sli = new Timer[MAX_ATTEMPTS_LABEL + 1];

    public MicrometerSchedulerMetrics(MeterRegistry registry, SchedulingQueue queue, BooleanSupplier leading) {
        for (Result result : Result.values()) {
            attempts.put(result, Counter.builder("scheduler.schedule.attempts")
                    .description("Scheduling attempts by result").tag("result", result.label).register(registry));
            attemptDurations.put(result, Timer.builder("scheduler.scheduling.attempt.duration")
                    .description("Latency of one scheduling attempt (filter, score, and binding when scheduled)")
                    .tag("result", result.label).serviceLevelObjectives(ATTEMPT_BUCKETS).register(registry));
        }
        for (int i = 1; i <= MAX_ATTEMPTS_LABEL; i++) {
            sli[i] = Timer.builder("scheduler.pod.scheduling.sli.duration")
                    .description("End-to-end latency of scheduling a pod, from entering the queue to its binding")
                    .tag("attempts", i == MAX_ATTEMPTS_LABEL ? MAX_ATTEMPTS_LABEL + "+" : Integer.toString(i))
                    .serviceLevelObjectives(E2E_BUCKETS).register(registry);
        }
        Gauge.builder("scheduler.pending.pods", queue, q -> q.counts().active())
                .description("Pending pods by queue").tag("queue", "active").register(registry);
        Gauge.builder("scheduler.pending.pods", queue, q -> q.counts().backoff())
                .description("Pending pods by queue").tag("queue", "backoff").register(registry);
        Gauge.builder("scheduler.pending.pods", queue, q -> q.counts().unschedulable())
                .description("Pending pods by queue").tag("queue", "unschedulable").register(registry);
        Gauge.builder("leader.election.master.status", leading, l -> l.getAsBoolean() ? 1 : 0)
                .description("1 while this replica holds the kube-scheduler Lease").tag("name", "kube-scheduler")
                .strongReference(true) // Micrometer holds gauge objects weakly; nothing else keeps this lambda
                .register(registry);
    }

    @Override
    public void attempt(Result result, Duration duration) {
        attempts.get(result).increment();
        attemptDurations.get(result).record(duration);
    }

    @Override
    public void podScheduled(Duration sinceQueued, int attemptCount) {
        sli[Math.max(1, Math.min(attemptCount, MAX_ATTEMPTS_LABEL))].record(sinceQueued);
    }
}
