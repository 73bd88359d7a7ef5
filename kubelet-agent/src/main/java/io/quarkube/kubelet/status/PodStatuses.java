package io.quarkube.kubelet.status;

import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.HostIP;
import io.fabric8.kubernetes.api.model.PodIP;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;

import java.time.Instant;
import java.util.List;

/** Assembles a pod's whole status from its container statuses (pure: tests call it directly). */
public final class PodStatuses {

    private PodStatuses() {
    }

    public static PodStatus build(PodSpec spec, List<ContainerStatus> initStatuses, List<ContainerStatus> statuses,
                                  boolean sandboxReady, String hostIP, String podIP, Instant startTime, Instant now) {
        String phase = PodPhases.phase(spec, initStatuses, statuses);
        PodStatusBuilder status = new PodStatusBuilder()
                .withPhase(phase)
                .withConditions(PodConditions.of(phase, sandboxReady, initStatuses, statuses, Times.format(now)))
                .withHostIP(hostIP)
                .withHostIPs(new HostIP(hostIP))
                .withStartTime(Times.format(startTime))
                .withQosClass(QosClasses.of(spec))
                .withContainerStatuses(statuses);
        if (podIP != null) {
            status.withPodIP(podIP).withPodIPs(new PodIP(podIP));
        }
        if (!initStatuses.isEmpty()) {
            status.withInitContainerStatuses(initStatuses);
        }
        return status.build();
    }
}
