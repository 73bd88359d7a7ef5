package io.quarkube.kubelet.podworkers;

import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.quarkube.kubelet.status.PodStatusSink;
import io.quarkube.kubelet.status.StatusMerge;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/** Keeps each pod's status as the StatusManager would (merged: transition times kept), and every change of it. */
final class MergingStatusSink implements PodStatusSink {
    final Map<String, PodStatus> latest = new ConcurrentHashMap<>();
    final List<PodStatus> changes = new CopyOnWriteArrayList<>();

    @Override
    public synchronized void setPodStatus(Pod pod, PodStatus status) {
        PodStatus old = latest.get(pod.getMetadata().getUid());
        PodStatus merged = StatusMerge.merge(old, status);
        if (!merged.equals(old)) {
            latest.put(pod.getMetadata().getUid(), merged);
            changes.add(merged);
        }
    }

    @Override
    public void podTerminated(Pod pod, boolean confirmDeletion) {
    }

    PodStatus status(Pod pod) {
        return latest.get(pod.getMetadata().getUid());
    }

    PodCondition condition(Pod pod, String type) {
        return status(pod).getConditions().stream().filter(c -> c.getType().equals(type)).findFirst().orElseThrow();
    }

    ContainerStatus container(Pod pod, String name) {
        return status(pod).getContainerStatuses().stream().filter(c -> c.getName().equals(name)).findFirst()
                .orElseThrow();
    }
}
