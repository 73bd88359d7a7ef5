package io.quarkube.kubelet.podworkers;

import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.quarkube.kubelet.status.PodStatusSink;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/** Stands in for the StatusManager: remembers every status and termination the pod workers report. */
final class RecordingStatusSink implements PodStatusSink {
    final Map<String, PodStatus> latest = new ConcurrentHashMap<>();
    final List<PodStatus> history = new CopyOnWriteArrayList<>();
    final Map<String, Boolean> terminated = new ConcurrentHashMap<>();

    @Override
    public void setPodStatus(Pod pod, PodStatus status) {
        latest.put(pod.getMetadata().getUid(), status);
        history.add(status);
    }

    @Override
    public void podTerminated(Pod pod, boolean confirmDeletion) {
        terminated.put(pod.getMetadata().getUid(), confirmDeletion);
    }

    PodStatus status(Pod pod) {
        return latest.get(pod.getMetadata().getUid());
    }

    String phase(Pod pod) {
        return Optional.ofNullable(status(pod)).map(PodStatus::getPhase).orElse(null);
    }

    ContainerStatus container(Pod pod, String name) {
        PodStatus status = status(pod);
        if (status == null) {
            return null;
        }
        return status.getContainerStatuses().stream().filter(c -> c.getName().equals(name)).findFirst()
                .or(() -> status.getInitContainerStatuses().stream().filter(c -> c.getName().equals(name)).findFirst())
                .orElse(null);
    }
}
