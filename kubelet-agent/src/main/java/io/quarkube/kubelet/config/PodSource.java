package io.quarkube.kubelet.config;

import io.fabric8.kubernetes.api.model.Pod;
import io.quarkube.api.informer.ResourceEventHandler;
import io.quarkube.kubelet.node.LocalNodes;
import io.quarkube.kubelet.podworkers.PodWorkers;
import io.quarkube.kubelet.staticpods.ConfigAnnotations;

import java.util.Objects;

/**
 * Feeds the pod workers from the pods informer, keeping only pods bound to this agent's nodes. Updates that only
 * touch status or resourceVersion (mostly our own writes coming back) do not wake a worker. Mirror pods are never
 * run: they are the API's copies of static pods, which the agent runs from their manifests (see staticpods).
 */
public final class PodSource implements ResourceEventHandler<Pod> {
    private final LocalNodes nodes;
    private final PodWorkers workers;

    public PodSource(LocalNodes nodes, PodWorkers workers) {
        this.nodes = nodes;
        this.workers = workers;
    }

    @Override
    public void onAdd(Pod pod) {
        if (ours(pod)) {
            workers.updatePod(pod);
        }
    }

    @Override
    public void onUpdate(Pod oldPod, Pod newPod) {
        if (ours(newPod) && (!ours(oldPod) || specOrDeletionChanged(oldPod, newPod))) {
            workers.updatePod(newPod);
        }
    }

    @Override
    public void onDelete(Pod lastState) {
        if (ours(lastState)) {
            workers.removePod(lastState);
        }
    }

    private boolean ours(Pod pod) {
        return pod.getSpec() != null && nodes.owns(pod.getSpec().getNodeName()) && !ConfigAnnotations.isMirrorPod(pod);
    }

    private static boolean specOrDeletionChanged(Pod oldPod, Pod newPod) {
        return !Objects.equals(oldPod.getSpec(), newPod.getSpec())
                || !Objects.equals(oldPod.getMetadata().getDeletionTimestamp(), newPod.getMetadata().getDeletionTimestamp())
                || !Objects.equals(oldPod.getMetadata().getAnnotations(), newPod.getMetadata().getAnnotations())
                || !Objects.equals(oldPod.getMetadata().getUid(), newPod.getMetadata().getUid());
    }
}
