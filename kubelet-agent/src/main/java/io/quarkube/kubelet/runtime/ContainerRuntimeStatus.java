package io.quarkube.kubelet.runtime;

import java.time.Instant;

/** CREATED (not running yet), RUNNING (since startedAt) or EXITED (see exit). */
public record ContainerRuntimeStatus(State state, Instant startedAt, ContainerExit exit) {

    public enum State { CREATED, RUNNING, EXITED }
}
