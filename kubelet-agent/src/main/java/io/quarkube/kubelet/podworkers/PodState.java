package io.quarkube.kubelet.podworkers;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.quarkube.kubelet.runtime.PodSandbox;
import io.quarkube.kubelet.status.PodStatuses;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;

/** What the kubelet holds for one running pod: its sandbox and one record per container. Owned by the pod's worker. */
final class PodState {
    final PodSandbox sandbox;
    final Instant startTime;
    final List<ContainerRecord> initContainers = new ArrayList<>();
    final List<ContainerRecord> containers = new ArrayList<>();
    /**
     * Why every container was stopped for good (activeDeadlineSeconds passed, or the API shows the pod failed by
     * someone else); none starts again. null while the pod runs normally.
     */
    PodStatuses.Failure stoppedForGood;
    /** The API showed it terminal first: that phase is reported at once, not when the containers have exited. */
    boolean terminalInApi;
    /** The phase this agent last reported. */
    String reportedPhase;

    boolean isStoppedForGood() {
        return stoppedForGood != null;
    }

    PodState(PodSandbox sandbox, Instant startTime, Pod pod, Supplier<CrashBackoff> backoffs) {
        this.sandbox = sandbox;
        this.startTime = startTime;
        List<ContainerStatus> initStatuses = pod.getStatus() == null ? null : pod.getStatus().getInitContainerStatuses();
        List<ContainerStatus> statuses = pod.getStatus() == null ? null : pod.getStatus().getContainerStatuses();
        for (Container c : orEmpty(pod.getSpec().getInitContainers())) {
            initContainers.add(new ContainerRecord(c, true, previousRestarts(initStatuses, c.getName()), backoffs.get()));
        }
        for (Container c : orEmpty(pod.getSpec().getContainers())) {
            containers.add(new ContainerRecord(c, false, previousRestarts(statuses, c.getName()), backoffs.get()));
        }
    }

    List<ContainerRecord> all() {
        List<ContainerRecord> all = new ArrayList<>(initContainers);
        all.addAll(containers);
        return all;
    }

    /** An agent restart keeps counting restarts where the last status left off. */
    private static int previousRestarts(List<ContainerStatus> statuses, String name) {
        return orEmpty(statuses).stream().filter(s -> Objects.equals(s.getName(), name))
                .map(ContainerStatus::getRestartCount).filter(Objects::nonNull).findFirst().orElse(0);
    }

    static <T> List<T> orEmpty(List<T> list) {
        return list == null ? List.of() : list;
    }
}
