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

    @WithDefault("2")
    int gcWorkers();

    /** At most this many pods created or deleted by one sync of one ReplicaSet. */
    @WithDefault("500")
    int burstReplicas();

    /** Threads running pod creations/deletions in parallel, shared by all controllers. */
    @WithDefault("8")
    int podWriteThreads();

    /** After this, outstanding expectations no longer hold a controller back (a lost event). */
    @WithDefault("5m")
    Duration expectationsTtl();
}
