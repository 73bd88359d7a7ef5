package io.quarkube.kubelet.podworkers;

import io.fabric8.kubernetes.api.model.Pod;
import io.quarkube.api.events.EventRecorder;
import io.quarkube.kubelet.prober.ProbeManager;
import io.quarkube.kubelet.status.PodStatuses;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * spec.activeDeadlineSeconds, as the kubelet's activeDeadlineHandler: counted from status.startTime; past it every
 * container is stopped for good (preStop and grace period included, as for any kill) and the pod fails with reason
 * DeadlineExceeded once none of them can still run (the kubelet's status manager withholds a terminal phase until
 * then).
 */
final class ActiveDeadline {
    private static final Logger LOG = Logger.getLogger(ActiveDeadline.class);
    static final String REASON = "DeadlineExceeded";
    static final String MESSAGE = "Pod was active on the node longer than the specified deadline";

    private final ContainerKiller killer;
    private final ProbeManager probes;
    private final Clock clock;
    private final EventRecorder events;

    ActiveDeadline(ContainerKiller killer, ProbeManager probes, Clock clock, EventRecorder events) {
        this.killer = killer;
        this.probes = probes;
        this.clock = clock;
        this.events = events;
    }

    /** Before the deadline: wake the worker at it. Past it: stop every container; nothing starts again. */
    void enforce(Pod pod, PodState state, SyncActions actions) {
        if (!state.isStoppedForGood()) {
            Instant deadline = of(pod, state.startTime);
            if (deadline == null) {
                return;
            }
            Instant now = clock.instant();
            if (now.isBefore(deadline)) {
                actions.requeueAfter(Duration.between(now, deadline));
                return;
            }
            state.stoppedForGood = new PodStatuses.Failure(REASON, MESSAGE);
            LOG.infof("pod %s passed its activeDeadlineSeconds: stopping it", state.sandbox.fullName());
            // the kubelet's activeDeadlineHandler records it as a Normal event
            events.withHost(state.sandbox.nodeName()).event(pod, null, EventRecorder.NORMAL, REASON, MESSAGE);
            probes.removePod(state.sandbox.uid());
        }
        for (ContainerRecord record : state.all()) {
            record.restartAt = null; // no restart is coming: report how it ended, not CrashLoopBackOff
            if (record.current != null && record.exit() == null) {
                killer.kill(pod, state, record, SerialPodWorkers.gracePeriod(pod), null);
            }
        }
    }

    /** The pod's failure once stopped for good (past the deadline, or failed elsewhere) and none of its containers runs any more; else null. */
    static PodStatuses.Failure failure(PodState state) {
        boolean stopped = state.all().stream().allMatch(r -> r.current == null || r.exit() != null);
        return state.isStoppedForGood() && (stopped || state.terminalInApi) ? state.stoppedForGood : null;
    }

    /** When the pod must be done, or null if it has no deadline. */
    static Instant of(Pod pod, Instant acceptedAt) {
        Long seconds = pod.getSpec().getActiveDeadlineSeconds();
        if (seconds == null) {
            return null;
        }
        return startTime(pod, acceptedAt).plusSeconds(Math.max(0, seconds));
    }

    /**
     * The reported startTime (kept across an agent restart, as the kubelet keeps it) or when this agent accepted
     * the pod, whichever is earlier: the reported one is the same instant cut to seconds, or an older one.
     */
    private static Instant startTime(Pod pod, Instant acceptedAt) {
        String reported = pod.getStatus() == null ? null : pod.getStatus().getStartTime();
        if (reported == null) {
            return acceptedAt;
        }
        try {
            Instant at = Instant.parse(reported);
            return at.isBefore(acceptedAt) ? at : acceptedAt;
        } catch (DateTimeParseException e) {
            return acceptedAt;
        }
    }
}
