package io.quarkube.kubelet.runtime;

import java.time.Instant;

/** How a container run ended; reason follows the kubelet: Completed for 0, Error otherwise, StartError if it never ran. */
public record ContainerExit(int exitCode, String reason, String message, Instant startedAt, Instant finishedAt) {

    public static ContainerExit of(int exitCode, Instant startedAt, Instant finishedAt) {
        return new ContainerExit(exitCode, exitCode == 0 ? "Completed" : "Error", null, startedAt, finishedAt);
    }

    public static ContainerExit startError(String message, Instant at) {
        return new ContainerExit(128, "StartError", message, at, at);
    }
}
