package io.quarkube.kubelet.podworkers;

import io.fabric8.kubernetes.api.model.Container;
import io.quarkube.kubelet.runtime.ContainerExit;
import io.quarkube.kubelet.runtime.ContainerHandle;
import io.quarkube.kubelet.runtime.ContainerRuntimeStatus;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** What the kubelet remembers about one container of a pod across its runs. Touched only by the pod's worker. */
final class ContainerRecord {
    final Container spec;
    final boolean init;
    final CrashBackoff backoff;
    /** The current run; null before the first start. */
    ContainerHandle current;
    int restartCount;
    /** The previous run's end, reported as lastState. */
    ContainerExit lastTermination;
    String lastContainerId;
    /** Set while an exited container waits for its backoff to end (CrashLoopBackOff). */
    Instant restartAt;
    /** How long that wait is, for the CrashLoopBackOff message. */
    Duration restartDelay;
    boolean exitLogged;
    /** The current run as this sync saw it; see {@link #observe()}. */
    ContainerRuntimeStatus observed;
    boolean startedThisSync;

    ContainerRecord(Container spec, boolean init, int restartCount, CrashBackoff backoff) {
        this.spec = spec;
        this.backoff = backoff;
        this.init = init;
        this.restartCount = restartCount;
    }

    String name() {
        return spec.getName();
    }

    /**
     * Reads the runtime once per sync, so that decisions, the reported status and what the worker waits for all
     * agree on one view (a container that changes meanwhile wakes the worker again).
     */
    void observe() {
        observed = current == null ? null : current.status();
        startedThisSync = false;
    }

    /** The observed run's exit, if it had ended. */
    ContainerExit exit() {
        return observed != null && observed.state() == ContainerRuntimeStatus.State.EXITED ? observed.exit() : null;
    }

    /** The runtime events that would change what was observed. */
    void addWakeups(List<CompletableFuture<?>> wakeOn) {
        if (current == null) {
            return;
        }
        if (startedThisSync || observed.state() == ContainerRuntimeStatus.State.CREATED) {
            wakeOn.add(current.started());
        }
        if (startedThisSync || observed.state() != ContainerRuntimeStatus.State.EXITED) {
            wakeOn.add(current.exited());
        }
    }
}
