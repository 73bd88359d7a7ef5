package io.quarkube.scheduler.framework;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Quantity;

import java.util.Map;

/**
 * One node as the scheduler sees it: the Node object plus what the pods on it (bound and assumed) request.
 * Immutable: the cache replaces it on every change, so a snapshot taken for one cycle never moves underneath.
 * {@code node} is null while pods on a node are known but the Node object is not (yet, or any more).
 */
public record NodeInfo(Node node, Resource allocatable, long allowedPods,
                       Resource requested, Resource nonZeroRequested, int podCount) {

    public static NodeInfo of(Node node) {
        return new NodeInfo(null, Resource.ZERO, 0, Resource.ZERO, Resource.ZERO, 0).withNode(node);
    }

    public String name() {
        return node == null ? null : node.getMetadata().getName();
    }

    /** Replaces the Node object; allocatable falls back to capacity when the node reports none. */
    public NodeInfo withNode(Node newNode) {
        Map<String, Quantity> allocatable = null;
        if (newNode != null && newNode.getStatus() != null) {
            allocatable = newNode.getStatus().getAllocatable();
            if (allocatable == null || allocatable.isEmpty()) {
                allocatable = newNode.getStatus().getCapacity();
            }
        }
        long pods = allocatable == null ? 0 : Resource.count(allocatable.get("pods"));
        return new NodeInfo(newNode, Resource.of(allocatable), pods, requested, nonZeroRequested, podCount);
    }

    public NodeInfo withPodAdded(Resource request, Resource nonZero) {
        return new NodeInfo(node, allocatable, allowedPods, requested.plus(request),
                nonZeroRequested.plus(nonZero), podCount + 1);
    }

    public NodeInfo withPodRemoved(Resource request, Resource nonZero) {
        return new NodeInfo(node, allocatable, allowedPods, requested.minus(request),
                nonZeroRequested.minus(nonZero), podCount - 1);
    }
}
