package io.quarkube.kubelet.podworkers;

import io.fabric8.kubernetes.api.model.LifecycleHandler;
import io.fabric8.kubernetes.api.model.Pod;
import io.quarkube.api.events.EventRecorder;
import io.quarkube.kubelet.lifecycle.HookResult;
import io.quarkube.kubelet.lifecycle.HookRunner;
import io.quarkube.kubelet.prober.ContainerTarget;
import io.quarkube.kubelet.prober.ProbeManager;
import io.quarkube.kubelet.prober.ProbeType;
import io.quarkube.kubelet.status.PodPhases;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

/**
 * What happens to an app container while it runs: its postStart hook right after the start (a failure kills it
 * with FailedPostStartHook, then the restartPolicy applies), its probes once the hook is done, a kill when liveness
 * or startup fails, and the started/ready flags of its status.
 */
final class ContainerHealth {
    private static final Logger LOG = Logger.getLogger(ContainerHealth.class);
    /** Kubernetes gives postStart no timeout; a hook stuck this long is taken as failed rather than held forever. */
    static final Duration POST_START_LIMIT = Duration.ofMinutes(5);

    private final ProbeManager probes;
    private final HookRunner hooks;
    private final ContainerKiller killer;
    private final EventRecorder events;

    ContainerHealth(ProbesAndHooks support, ContainerKiller killer, EventRecorder events) {
        this.probes = support.probes();
        this.hooks = support.hooks();
        this.killer = killer;
        this.events = events;
    }

    /** Right after a start: the postStart hook runs as soon as the run does. */
    void started(Pod pod, PodState state, ContainerRecord record) {
        LifecycleHandler postStart = record.spec.getLifecycle() == null ? null : record.spec.getLifecycle().getPostStart();
        if (postStart == null || record.init) {
            return;
        }
        ContainerTarget target = new ContainerTarget(pod, state.sandbox, record.current, record.spec);
        record.postStart = record.current.started().thenCompose(at -> hooks.run(target, postStart, POST_START_LIMIT));
    }

    /** An app container whose run the last observation saw running. */
    void sync(Pod pod, PodState state, ContainerRecord record) {
        if (!record.running() || record.killing != null || record.postStartPending()) {
            return; // a pending hook is among the worker's wakeups
        }
        boolean restart = !"Never".equals(PodPhases.restartPolicy(pod.getSpec()));
        HookResult postStart = record.postStart == null ? null : record.postStart.join();
        if (postStart != null && !postStart.succeeded()) {
            LOG.warnf("postStart hook of container %s in pod %s failed: %s", record.name(), state.sandbox.fullName(),
                    postStart.message());
            // the kubelet keeps the hook's output out of the event: it may hold secrets
            events.withHost(state.sandbox.nodeName()).event(pod, record.fieldPath(), EventRecorder.WARNING,
                    "FailedPostStartHook", "PostStartHook failed");
            record.restartAfterKill = restart;
            killer.kill(pod, state, record, SerialPodWorkers.gracePeriod(pod), "FailedPostStartHook");
            return;
        }
        probes.addContainer(new ContainerTarget(pod, state.sandbox, record.current, record.spec));
        Optional<ProbeType> failed = probes.failed(record.current.id());
        if (failed.isPresent()) {
            ProbeType type = failed.get();
            String message = "Container " + record.name() + " failed " + type.label().toLowerCase(Locale.ROOT)
                    + " probe" + (restart ? ", will be restarted" : "");
            LOG.infof("%s of pod %s", message, state.sandbox.fullName());
            record.restartAfterKill = restart;
            killer.kill(pod, state, record,
                    ContainerKiller.gracePeriod(pod, type.of(record.spec).getTerminationGracePeriodSeconds()), message);
        }
    }

    /** The status flags, as the kubelet's prober manager sets them: started after startup, ready after readiness. */
    void assess(ContainerRecord record) {
        if (!record.running() || record.postStartPending()) {
            return; // observe() cleared both
        }
        String id = record.current.id();
        record.started = record.init || probes.started(id, record.spec);
        record.ready = !record.init && record.started && probes.ready(id, record.spec);
    }
}
