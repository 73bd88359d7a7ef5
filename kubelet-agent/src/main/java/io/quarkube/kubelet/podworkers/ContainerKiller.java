package io.quarkube.kubelet.podworkers;

import io.fabric8.kubernetes.api.model.LifecycleHandler;
import io.fabric8.kubernetes.api.model.Pod;
import io.quarkube.api.events.EventRecorder;
import io.quarkube.kubelet.lifecycle.HookResult;
import io.quarkube.kubelet.lifecycle.HookRunner;
import io.quarkube.kubelet.prober.ContainerTarget;
import io.quarkube.kubelet.prober.ProbeManager;
import io.quarkube.kubelet.prober.Timers;
import io.quarkube.kubelet.runtime.ContainerExit;
import io.quarkube.kubelet.runtime.ContainerHandle;
import io.quarkube.kubelet.runtime.ContainerRuntime;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;

/**
 * Stops a container run as the kubelet's killContainer: a Killing event, the preStop hook (if any, and if there is
 * a grace period) given up to the whole grace period, then SIGTERM with what is left of it, then SIGKILL. After
 * a preStop hook the stop gets at least 2 s (the kubelet's minimumGracePeriodInSeconds, documented as "a small,
 * one-off grace period extension of 2 seconds" when the hook used up the grace period). Used for deletion,
 * probe failures, failed postStart hooks and activeDeadlineSeconds alike. Never blocks the pod worker.
 */
final class ContainerKiller {
    private static final Logger LOG = Logger.getLogger(ContainerKiller.class);
    static final Duration MIN_GRACE = Duration.ofSeconds(2);

    private final ContainerRuntime runtime;
    private final HookRunner hooks;
    private final ProbeManager probes;
    private final Timers timers;
    private final Clock clock;
    private final EventRecorder events;

    ContainerKiller(ContainerRuntime runtime, ProbesAndHooks support, Clock clock, EventRecorder events) {
        this.runtime = runtime;
        this.hooks = support.hooks();
        this.probes = support.probes();
        this.timers = support.timers();
        this.clock = clock;
        this.events = events;
    }

    /**
     * Stops the record's current run unless that is under way already; {@code message} is the Killing event's
     * (null: "Stopping container X"). Completes when the run has exited.
     */
    CompletableFuture<ContainerExit> kill(Pod pod, PodState state, ContainerRecord record, Duration grace,
                                          String message) {
        ContainerHandle handle = record.current;
        if (handle == null) {
            return CompletableFuture.completedFuture(null);
        }
        if (record.killing != null) {
            return record.killing;
        }
        if (handle.exited().isDone()) {
            record.killing = handle.exited();
            return record.killing;
        }
        probes.stopProbing(handle.id());
        EventRecorder recorder = events.withHost(state.sandbox.nodeName());
        recorder.event(pod, record.fieldPath(), EventRecorder.NORMAL, "Killing",
                message != null ? message : "Stopping container " + record.name());
        LifecycleHandler preStop = record.spec.getLifecycle() == null ? null : record.spec.getLifecycle().getPreStop();
        if (preStop == null || grace.isZero() || record.init) {
            record.killing = runtime.stopContainer(handle, grace);
            return record.killing;
        }
        Instant began = clock.instant();
        CompletableFuture<HookResult> hook = hooks.run(new ContainerTarget(pod, state.sandbox, handle, record.spec),
                preStop, grace);
        hook.thenAccept(result -> {
            if (!result.succeeded()) {
                LOG.warnf("preStop hook of container %s in pod %s failed: %s", record.name(),
                        state.sandbox.fullName(), result.message());
                // the kubelet keeps the hook's output out of the event: it may hold secrets
                recorder.event(pod, record.fieldPath(), EventRecorder.WARNING, "FailedPreStopHook", "PreStopHook failed");
            }
        });
        record.killing = withinGrace(hook, grace)
                .thenCompose(v -> runtime.stopContainer(handle, remaining(grace, began)));
        return record.killing;
    }

    /** The pod's grace period, or the probe's own terminationGracePeriodSeconds when a probe failure kills. */
    static Duration gracePeriod(Pod pod, Long probeOverride) {
        if (probeOverride == null || pod.getMetadata().getDeletionGracePeriodSeconds() != null) {
            return SerialPodWorkers.gracePeriod(pod);
        }
        return Duration.ofSeconds(Math.max(0, Math.min(probeOverride, SerialPodWorkers.MAX_GRACE_SECONDS)));
    }

    /** Completes when the hook is done or the grace period is over, whichever comes first. */
    private CompletableFuture<Void> withinGrace(CompletableFuture<HookResult> hook, Duration grace) {
        CompletableFuture<Void> over = new CompletableFuture<>();
        Timers.Cancellable timeout = timers.schedule(grace, () -> over.complete(null));
        hook.whenComplete((result, e) -> {
            timeout.cancel();
            over.complete(null);
        });
        return over;
    }

    private Duration remaining(Duration grace, Instant began) {
        Duration left = grace.minus(Duration.between(began, clock.instant()));
        return left.compareTo(MIN_GRACE) < 0 ? MIN_GRACE : left;
    }
}
