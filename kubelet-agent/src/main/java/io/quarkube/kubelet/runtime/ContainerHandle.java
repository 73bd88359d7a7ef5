package io.quarkube.kubelet.runtime;

import java.time.Instant;
import java.util.concurrent.CompletableFuture;

/**
 * One run of a container. The runtime completes {@link #started()} when it runs and {@link #exited()} when it
 * ends; callers only read them (a restart is a new handle).
 */
public final class ContainerHandle {
    private final String id;
    private final String containerName;
    private final CompletableFuture<Instant> started = new CompletableFuture<>();
    private final CompletableFuture<ContainerExit> exited = new CompletableFuture<>();

    public ContainerHandle(String id, String containerName) {
        this.id = id;
        this.containerName = containerName;
    }

    public String id() {
        return id;
    }

    public String containerName() {
        return containerName;
    }

    public CompletableFuture<Instant> started() {
        return started;
    }

    public CompletableFuture<ContainerExit> exited() {
        return exited;
    }

    /** A point-in-time view, as CRI's ContainerStatus. */
    public ContainerRuntimeStatus status() {
        if (exited.isDone()) {
            return new ContainerRuntimeStatus(ContainerRuntimeStatus.State.EXITED, exited.join().startedAt(), exited.join());
        }
        if (started.isDone()) {
            return new ContainerRuntimeStatus(ContainerRuntimeStatus.State.RUNNING, started.join(), null);
        }
        return new ContainerRuntimeStatus(ContainerRuntimeStatus.State.CREATED, null, null);
    }

    /** For runtimes: the container runs since {@code at}. */
    public void markStarted(Instant at) {
        started.complete(at);
    }

    /** For runtimes: the run ended (implies started, unless it never could: StartError, config error). */
    public void markExited(ContainerExit exit) {
        if (!"StartError".equals(exit.reason()) && !ContainerExit.CREATE_CONTAINER_CONFIG_ERROR.equals(exit.reason())) {
            started.complete(exit.startedAt());
        }
        exited.complete(exit);
    }
}
