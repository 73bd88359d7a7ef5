package io.quarkube.kubelet.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/** Everything the agent can be told. Environment variables follow Quarkus naming (QUARKUBE_KUBELET_NODE_COUNT...). */
@ConfigMapping(prefix = "quarkube.kubelet")
public interface KubeletConfig {

    /** How many nodes this agent registers and runs (1 for a real host, many for hollow nodes). */
    @WithDefault("1")
    int nodeCount();

    /** Nodes are named {@code <prefix>-1} .. {@code <prefix>-N}. */
    @WithDefault("quarkube-node")
    String nodeNamePrefix();

    @WithDefault("process")
    RuntimeKind runtime();

    /** Pod sandboxes live in {@code <work-dir>/pods/<uid>/}. */
    @WithDefault("${java.io.tmpdir}/quarkube-kubelet")
    String workDir();

    /** How long a simulated container stays in ContainerCreating. */
    @WithDefault("300ms")
    Duration simulatedStartDelay();

    @WithDefault("10s")
    Duration heartbeatInterval();

    /** Threads that run pod syncs; a sync never waits for a container to stop, so a few are enough. */
    @WithDefault("4")
    int podWorkerThreads();

    Capacity capacity();

    /** What each node reports as capacity and allocatable. */
    interface Capacity {
        @WithDefault("4")
        String cpu();

        @WithDefault("8Gi")
        String memory();

        @WithDefault("110")
        String pods();
    }

    enum RuntimeKind {
        PROCESS, SIMULATED;

        public String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }
}
