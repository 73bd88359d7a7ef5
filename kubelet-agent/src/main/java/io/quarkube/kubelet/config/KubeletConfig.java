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

    /** How often each node's Lease in kube-node-lease is renewed (the node heartbeat). */
    @WithDefault("10s")
    Duration heartbeatInterval();

    /** The Lease's leaseDurationSeconds, as the kubelet's nodeLeaseDurationSeconds. */
    @WithDefault("40")
    int nodeLeaseDurationSeconds();

    /** Node status is written when it changed, else at least this often (the kubelet's nodeStatusReportFrequency). */
    @WithDefault("5m")
    Duration nodeStatusReportFrequency();

    /**
     * Threads renewing the nodes' Leases, spread over the interval. A renewal is a synchronous PUT: 1,000 nodes
     * every 10 s is 100/s, which 4 threads could not keep on time on a loaded 2-core machine (p99 15.6 s late,
     * 2.55 s with 16, in the hollow-nodes benchmark).
     */
    @WithDefault("16")
    int heartbeatThreads();

    /** Directory of static pod manifests (*.yaml, *.yml, *.json) run on the first node; unset = no static pods. */
    java.util.Optional<String> staticPodPath();

    /** How often the static pod directory is read again. */
    @WithDefault("5s")
    Duration staticPodCheckInterval();

    /** Threads that run pod syncs; a sync never waits for a container to stop, so a few are enough. */
    @WithDefault("4")
    int podWorkerThreads();

    Capacity capacity();

    /** The process runtime's pod sandbox (docs/process-runtime.md). */
    ProcessSettings process();

    interface ProcessSettings {
        /** auto: Linux namespaces where the host allows them, else host processes with path mapping. */
        @WithDefault("auto")
        io.quarkube.kubelet.runtime.ProcessIsolation isolation();

        /** With namespaces, also a user namespace per pod (container root = host uid 100000) when possible. */
        @WithDefault("true")
        boolean userNamespaces();
    }

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
