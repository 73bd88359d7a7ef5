package io.quarkube.controllermanager;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/** quarkube.controller-manager.* settings. */
@ConfigMapping(prefix = "quarkube.controller-manager")
public interface ControllerManagerConfig {
    /** ReplicaSets synced in parallel (kube-controller-manager --concurrent-replicaset-syncs). */
    @WithDefault("5")
    int replicasetWorkers();

    /** Deployments synced in parallel (--concurrent-deployment-syncs). */
    @WithDefault("5")
    int deploymentWorkers();

    /** StatefulSets synced in parallel (--concurrent-statefulset-syncs). */
    @WithDefault("5")
    int statefulsetWorkers();

    /** DaemonSets synced in parallel (--concurrent-daemonset-syncs). */
    @WithDefault("2")
    int daemonsetWorkers();

    /** Jobs synced in parallel (--concurrent-job-syncs). */
    @WithDefault("5")
    int jobWorkers();

    /** CronJobs synced in parallel (--concurrent-cron-job-syncs). */
    @WithDefault("5")
    int cronjobWorkers();

    /**
     * A node whose kubelet has not renewed its Lease (or posted status) for this long is Ready=Unknown and
     * tainted unreachable (--node-monitor-grace-period).
     */
    @WithDefault("40s")
    Duration nodeMonitorGracePeriod();

    /** How often the node lifecycle controller looks at every node's heartbeat (--node-monitor-period). */
    @WithDefault("5s")
    Duration nodeMonitorPeriod();

    /** Terminated pods kept before the oldest are deleted (--terminated-pod-gc-threshold). */
    @WithDefault("12500")
    int terminatedPodGcThreshold();

    /** How often the pod garbage collector runs (Kubernetes: every 20 s). */
    @WithDefault("20s")
    Duration podGcPeriod();

    /** Objects the garbage collector checks in parallel (kube-controller-manager --concurrent-gc-syncs). */
    @WithDefault("2")
    int gcWorkers();

    /** Terminating namespaces emptied in parallel (--concurrent-namespace-syncs). */
    @WithDefault("2")
    int namespaceWorkers();

    /** How often a terminating namespace whose objects are not all gone yet is looked at again. */
    @WithDefault("5s")
    Duration namespaceRecheck();

    /** At most this many pods created or deleted by one sync of one ReplicaSet. */
    @WithDefault("500")
    int burstReplicas();

    /** Threads running pod creations/deletions in parallel, shared by all controllers. */
    @WithDefault("8")
    int podWriteThreads();

    /** After this, outstanding expectations no longer hold a controller back (a lost event). */
    @WithDefault("5m")
    Duration expectationsTtl();

    LeaderElection leaderElection();

    /** quarkube.controller-manager.leader-election.*: only the holder of the Lease runs the controllers. */
    interface LeaderElection {
        /** Off only for a single replica that should start at once (tests); replicas need it on. */
        @WithDefault("true")
        boolean enabled();

        @WithDefault("kube-system")
        String leaseNamespace();

        @WithDefault("kube-controller-manager")
        String leaseName();

        /** A standby takes over this long after it last saw the leader renew (plus up to one retry period). */
        @WithDefault("10s")
        Duration leaseDuration();

        /** The leader stops its controllers when it could not renew for this long. */
        @WithDefault("7s")
        Duration renewDeadline();

        @WithDefault("2s")
        Duration retryPeriod();
    }
}
