package io.quarkube.kubelet.status;

import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.HostIP;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodIP;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;

import java.time.Instant;
import java.util.List;

/** Assembles a pod's whole status from its container statuses (pure: tests call it directly). */
public final class PodStatuses {

    /** The kubelet failed the pod itself (e.g. DeadlineExceeded): phase Failed with this reason and message. */
    public record Failure(String reason, String message) {
    }

    private PodStatuses() {
    }

    public static PodStatus build(PodSpec spec, List<ContainerStatus> initStatuses, List<ContainerStatus> statuses,
                                  boolean sandboxReady, String hostIP, String podIP, Instant startTime, Instant now) {
        return build(spec, List.of(), initStatuses, statuses, sandboxReady, hostIP, podIP, startTime, now, null);
    }

    /**
     * {@code currentConditions} are the pod's conditions as the API has them (readiness gates are read from them);
     * {@code failure}, if not null, overrides the phase.
     */
    public static PodStatus build(PodSpec spec, List<PodCondition> currentConditions, List<ContainerStatus> initStatuses,
                                  List<ContainerStatus> statuses, boolean sandboxReady, String hostIP, String podIP,
                                  Instant startTime, Instant now, Failure failure) {
        String phase = failure != null ? PodPhases.FAILED : PodPhases.phase(spec, initStatuses, statuses);
        PodStatusBuilder status = new PodStatusBuilder()
                .withPhase(phase)
                .withConditions(PodConditions.of(spec, currentConditions, phase, sandboxReady, initStatuses, statuses,
                        Times.format(now)))
                .withHostIP(hostIP)
                .withHostIPs(new HostIP(hostIP))
                .withStartTime(Times.format(startTime))
                .withQosClass(QosClasses.of(spec))
                .withContainerStatuses(statuses);
        if (failure != null) {
            status.withReason(failure.reason()).withMessage(failure.message());
        }
        if (podIP != null) {
            status.withPodIP(podIP).withPodIPs(new PodIP(podIP));
        }
        if (!initStatuses.isEmpty()) {
            status.withInitContainerStatuses(initStatuses);
        }
        return status.build();
    }
}
