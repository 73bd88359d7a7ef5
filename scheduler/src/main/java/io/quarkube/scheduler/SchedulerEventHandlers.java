package io.quarkube.scheduler;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeCondition;
import io.fabric8.kubernetes.api.model.Pod;
import io.quarkube.api.informer.ResourceEventHandler;
import io.quarkube.scheduler.cache.SchedulerCache;
import io.quarkube.scheduler.framework.Pods;
import io.quarkube.scheduler.queue.SchedulingQueue;

import java.util.Objects;

/**
 * Turns informer events into queue and cache changes: pending pods go to the queue, bound pods to the cache,
 * and events that can free room (node added or changed, bound pod gone or finished) retry unschedulable pods.
 */
public final class SchedulerEventHandlers {
    private final SchedulerCache cache;
    private final SchedulingQueue queue;
    private final String schedulerName;

    /** @param schedulerName the spec.schedulerName this scheduler serves ("default-scheduler" by default) */
    public SchedulerEventHandlers(SchedulerCache cache, SchedulingQueue queue, String schedulerName) {
        this.cache = cache;
        this.queue = queue;
        this.schedulerName = schedulerName;
    }

    public ResourceEventHandler<Pod> pods() {
        return new ResourceEventHandler<>() {
            @Override
            public void onAdd(Pod pod) {
                onPod(null, pod);
            }

            @Override
            public void onUpdate(Pod oldPod, Pod newPod) {
                onPod(oldPod, newPod);
            }

            @Override
            public void onDelete(Pod pod) {
                queue.delete(pod);
                boolean heldResources = cache.contains(pod);
                cache.removePod(pod);
                if (heldResources) {
                    queue.moveAllToActiveOrBackoff();
                }
            }
        };
    }

    private void onPod(Pod oldPod, Pod pod) {
        if (Pods.isAssigned(pod)) {
            queue.delete(pod);
            cache.addOrUpdatePod(pod);
            if (oldPod != null && Pods.isAssigned(oldPod) && !Pods.isTerminal(oldPod) && Pods.isTerminal(pod)) {
                queue.moveAllToActiveOrBackoff(); // a finished pod frees its node's resources
            }
        } else if (Pods.needsScheduling(pod, schedulerName)) {
            queue.addOrUpdate(pod);
        } else {
            queue.delete(pod);
        }
    }

    public ResourceEventHandler<Node> nodes() {
        return new ResourceEventHandler<>() {
            @Override
            public void onAdd(Node node) {
                cache.addOrUpdateNode(node);
                queue.moveAllToActiveOrBackoff();
            }

            @Override
            public void onUpdate(Node oldNode, Node newNode) {
                cache.addOrUpdateNode(newNode);
                if (changedForScheduling(oldNode, newNode)) {
                    queue.moveAllToActiveOrBackoff();
                }
            }

            @Override
            public void onDelete(Node node) {
                cache.removeNode(node);
            }
        };
    }

    /** Heartbeats change a node every few seconds; only these fields can make a rejected pod fit. */
    static boolean changedForScheduling(Node oldNode, Node newNode) {
        return !Objects.equals(oldNode.getMetadata().getLabels(), newNode.getMetadata().getLabels())
                || !Objects.equals(oldNode.getSpec(), newNode.getSpec())
                || !Objects.equals(allocatable(oldNode), allocatable(newNode))
                || !Objects.equals(readyStatus(oldNode), readyStatus(newNode));
    }

    private static Object allocatable(Node node) {
        return node.getStatus() == null ? null : node.getStatus().getAllocatable();
    }

    private static String readyStatus(Node node) {
        if (node.getStatus() == null || node.getStatus().getConditions() == null) {
            return null;
        }
        return node.getStatus().getConditions().stream().filter(c -> "Ready".equals(c.getType()))
                .map(NodeCondition::getStatus).findFirst().orElse(null);
    }
}
