package io.quarkube.kubelet.runtime;

import java.time.Instant;

/** How a container run ended; reason follows the kubelet: Completed for 0, Error otherwise, StartError if it never ran. */
public record ContainerExit(int exitCode, String reason, String message, Instant startedAt, Instant finishedAt) {
    public static final String CREATE_CONTAINER_CONFIG_ERROR = "CreateContainerConfigError";

    public static ContainerExit of(int exitCode, Instant startedAt, Instant finishedAt) {
        return new ContainerExit(exitCode, exitCode == 0 ? "Completed" : "Error", null, startedAt, finishedAt);
    }

    public static ContainerExit startError(String message, Instant at) {
        return new ContainerExit(128, "StartError", message, at, at);
    }

    /**
     * The container was never created because its spec cannot be satisfied (the kubelet's
     * CreateContainerConfigError, which Kubernetes shows as a Waiting reason; it never ran).
     */
    public static ContainerExit configError(String message, Instant at) {
        return new ContainerExit(128, CREATE_CONTAINER_CONFIG_ERROR, message, at, at);
    }
}
