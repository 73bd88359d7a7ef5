package io.quarkube.kubelet.podworkers;

import io.fabric8.kubernetes.api.model.Container;
import io.quarkube.kubelet.lifecycle.HookResult;
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
    /** The current run's postStart hook, started once the run runs; null without one. */
    CompletableFuture<HookResult> postStart;
    /** Set once the kubelet stops the current run itself (probe, failed postStart, deadline, deletion). */
    CompletableFuture<ContainerExit> killing;
    /** That stop decided on a restart already (OnFailure restarts it even if it then exits with 0). */
    boolean restartAfterKill;
    /** As the prober manager sees the observed run: started up (startup probe passed) and ready. */
    boolean started;
    boolean ready;
    /** Why the last start attempt could not create the container (CreateContainerConfigError); retried later. */
    ContainerExit configError;
    Instant configRetryAt;

    ContainerRecord(Container spec, boolean init, int restartCount, CrashBackoff backoff) {
        this.spec = spec;
        this.backoff = backoff;
        this.init = init;
        this.restartCount = restartCount;
    }

    String name() {
        return spec.getName();
    }

    /** Which container of the pod an event is about, as the kubelet names it. */
    String fieldPath() {
        return (init ? "spec.initContainers{" : "spec.containers{") + name() + "}";
    }

    /** A new run begins: nothing of the previous run's hooks, kill or probes carries over. */
    void newRun(ContainerHandle handle) {
        current = handle;
        observed = handle.status();
        startedThisSync = true;
        exitLogged = false;
        postStart = null;
        killing = null;
        restartAfterKill = false;
        configError = null;
        configRetryAt = null;
    }

    /**
     * A run an earlier agent started, taken over: its hooks ran then (the kubelet does not run postStart again),
     * and an exit it already reported is not logged again.
     */
    void adopt(ContainerHandle handle, boolean exitReported) {
        newRun(handle);
        startedThisSync = false;
        exitLogged = exitReported;
    }

    /** The run runs but its postStart hook has not finished: the kubelet does not report it Running yet. */
    boolean postStartPending() {
        return postStart != null && !postStart.isDone();
    }

    boolean running() {
        return observed != null && observed.state() == ContainerRuntimeStatus.State.RUNNING;
    }

    /**
     * Reads the runtime once per sync, so that decisions, the reported status and what the worker waits for all
     * agree on one view (a container that changes meanwhile wakes the worker again).
     */
    void observe() {
        observed = current == null ? null : current.status();
        startedThisSync = false;
        started = false;
        ready = false;
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
        if (postStartPending()) {
            wakeOn.add(postStart);
        }
    }
}
