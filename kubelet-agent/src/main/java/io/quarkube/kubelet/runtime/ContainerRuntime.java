package io.quarkube.kubelet.runtime;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * The container runtime, shaped like CRI: a pod gets a sandbox, containers run in it, stopping is graceful then
 * forced. Calls come from one pod worker at a time per pod; different pods call concurrently.
 */
public interface ContainerRuntime extends AutoCloseable {

    /** "process" or "simulated"; the node reports {@code quarkube-<name>://0.1.0} as its runtime version. */
    String name();

    PodSandbox createSandbox(Pod pod, String nodeName, String podIP) throws IOException;

    /**
     * Starts one run of a container. Failing to launch is not an exception: the handle exits with StartError,
     * so that the restart policy applies as for any other exit.
     */
    ContainerHandle startContainer(PodSandbox sandbox, Pod pod, Container container);

    /** SIGTERM, then SIGKILL after the grace period; completes once nothing of the container is left. */
    CompletableFuture<ContainerExit> stopContainer(ContainerHandle handle, Duration gracePeriod);

    /**
     * Runs {@code command} inside a running container, as CRI's ExecSync: same namespaces, mounts, environment and
     * working directory as the container. Blocks up to {@code timeout}; a command still running then is killed
     * and the result says timedOut. Used by exec probes and lifecycle hooks.
     */
    ExecResult exec(PodSandbox sandbox, ContainerHandle container, List<String> command, Duration timeout);

    /**
     * True when pods have no network at all (the simulated runtime): the prober then treats httpGet and tcpSocket
     * checks as passing, as a KWOK node reports every probe healthy.
     */
    default boolean simulatesNetwork() {
        return false;
    }

    /** Removes what the sandbox left on disk (logs, volumes); containers must be stopped first. */
    void removeSandbox(PodSandbox sandbox);

    /*
     * Agent restarts. An agent that starts finds pods of its nodes whose status says their containers run: it
     * takes over the sandbox and the runs an earlier agent left instead of starting them a second time (the
     * kubelet asks its runtime the same through CRI's ListPodSandbox and ListContainers).
     */

    /**
     * The sandbox an earlier agent created for this pod, if it still exists, now owned by this runtime; empty when
     * there is none to take over (the caller then creates a new one). {@code podIP} is the IP the pod's status
     * reports.
     */
    default Optional<PodSandbox> adoptSandbox(Pod pod, String nodeName, String podIP) {
        return Optional.empty();
    }

    /**
     * The latest run of {@code container} in an adopted sandbox: the one the status reports ({@code reported}, null
     * when the status shows none), or a later one the runtime knows of. Its handle keeps the run's container ID and
     * start time; it has exited if the run ended meanwhile. Empty when the runtime knows of no run.
     */
    default Optional<ContainerHandle> adoptContainer(PodSandbox sandbox, Pod pod, Container container,
                                                     ReportedRun reported) {
        return Optional.empty();
    }

    /** Pod UIDs whose sandbox an earlier agent left on this host and that nobody has adopted or created again. */
    default Set<String> leftoverSandboxes() {
        return Set.of();
    }

    /**
     * Stops and removes a sandbox left by an earlier agent (its pod is gone or no longer on this node): the
     * kubelet's cleanup of orphaned pods. A UID with no leftover is ignored.
     */
    default void removeLeftoverSandbox(String uid) {
    }

    /** Stops every container still running (the agent is shutting down; nothing may outlive it). */
    @Override
    void close();
}
