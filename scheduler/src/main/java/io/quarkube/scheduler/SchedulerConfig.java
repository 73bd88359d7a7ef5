package io.quarkube.scheduler;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/** quarkube.scheduler.* settings. */
@ConfigMapping(prefix = "quarkube.scheduler")
public interface SchedulerConfig {
    /**
     * Threads posting Bindings in parallel (the scheduling cycle itself is one thread). A binding is a synchronous
     * POST of ~30 ms on a busy machine: 4 threads capped binding at ~77 pods/s in the 30,000-pod hollow-nodes run.
     */
    @WithDefault("16")
    int bindThreads();

    /** Backoff of a pod's first failed attempt; doubles per attempt. */
    @WithDefault("1s")
    Duration initialBackoff();

    @WithDefault("10s")
    Duration maxBackoff();

    /** An unschedulable pod is retried at least this often, even without a cluster event. */
    @WithDefault("30s")
    Duration unschedulableRetry();

    /** How long a bound but not yet confirmed assumption is kept before it is dropped. */
    @WithDefault("5m")
    Duration assumedPodTtl();
}
