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

    /** The spec.schedulerName of the pods this scheduler binds (pods naming none get "default-scheduler"). */
    @WithDefault("default-scheduler")
    String schedulerName();

    /** Backoff of a pod's first failed attempt; doubles per attempt. */
    @WithDefault("1s")
    Duration initialBackoff();

    @WithDefault("10s")
    Duration maxBackoff();

    /** An unschedulable pod is retried at least this often, even without a cluster event. */
    @WithDefault("30s")
    Duration unschedulableRetry();

    /**
     * Share of the nodes filtered per pod once enough feasible ones are found (1..100); 0 = Kubernetes' adaptive
     * default: all nodes below 100, then 50% shrinking by 1% per 125 nodes down to 5%, never fewer than 100 nodes.
     */
    @WithDefault("0")
    int percentageOfNodesToScore();

    /** How long a bound but not yet confirmed assumption is kept before it is dropped. */
    @WithDefault("5m")
    Duration assumedPodTtl();

    LeaderElection leaderElection();

    /** quarkube.scheduler.leader-election.*: only the holder of the Lease schedules. */
    interface LeaderElection {
        /** Off only for a single scheduler that should start at once (tests); replicas need it on. */
        @WithDefault("true")
        boolean enabled();

        @WithDefault("kube-system")
        String leaseNamespace();

        @WithDefault("kube-scheduler")
        String leaseName();

        /**
         * A standby takes over this long after it last saw the leader renew (plus up to one retry period and a
         * request): 10 s keeps a crash's failover within 15 s (measured 12–14 s with 12 s).
         */
        @WithDefault("10s")
        Duration leaseDuration();

        /** The leader gives up scheduling when it could not renew for this long. */
        @WithDefault("7s")
        Duration renewDeadline();

        @WithDefault("2s")
        Duration retryPeriod();
    }
}
