package io.quarkube.scheduler.framework;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeCondition;
import io.fabric8.kubernetes.api.model.Quantity;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * One node as the scheduler sees it: the Node object, the pods on it (bound and assumed) and the sums of what
 * they request. Immutable: the cache replaces it on every change, so a snapshot taken for one cycle never moves
 * underneath. {@code node} is null while pods on a node are known but the Node object is not (yet, or any more).
 */
public final class NodeInfo {
    private final Node node;
    private final boolean ready;
    private final boolean unschedulable;
    private final Resource allocatable;
    private final long allowedPods;
    private final List<PodInfo> pods;
    private final Resource requested;
    private final Resource nonZeroRequested;
    private final int podsWithAffinity;
    private final int podsWithRequiredAntiAffinity;

    private NodeInfo(Node node, boolean ready, boolean unschedulable, Resource allocatable, long allowedPods,
                     List<PodInfo> pods, Resource requested, Resource nonZeroRequested, int podsWithAffinity,
                     int podsWithRequiredAntiAffinity) {
        this.node = node;
        this.ready = ready;
        this.unschedulable = unschedulable;
        this.allocatable = allocatable;
        this.allowedPods = allowedPods;
        this.pods = pods;
        this.requested = requested;
        this.nonZeroRequested = nonZeroRequested;
        this.podsWithAffinity = podsWithAffinity;
        this.podsWithRequiredAntiAffinity = podsWithRequiredAntiAffinity;
    }

    public static NodeInfo of(Node node) {
        return new NodeInfo(null, false, false, Resource.ZERO, 0, List.of(), Resource.ZERO, Resource.ZERO, 0, 0)
                .withNode(node);
    }

    public Node node() {
        return node;
    }

    /** The node's Ready condition is True (read once per Node object, not per pod and node). */
    public boolean isReady() {
        return ready;
    }

    /** The node is cordoned: {@code spec.unschedulable} (also read once per Node object). */
    public boolean isUnschedulable() {
        return unschedulable;
    }

    public String name() {
        return node == null ? null : node.getMetadata().getName();
    }

    /** The node's labels, never null. */
    public Map<String, String> labels() {
        Map<String, String> labels = node == null ? null : node.getMetadata().getLabels();
        return labels == null ? Map.of() : labels;
    }

    public Resource allocatable() {
        return allocatable;
    }

    public long allowedPods() {
        return allowedPods;
    }

    /** The pods on this node, bound or assumed, in the order they arrived. */
    public List<PodInfo> pods() {
        return pods;
    }

    public int podCount() {
        return pods.size();
    }

    public Resource requested() {
        return requested;
    }

    public Resource nonZeroRequested() {
        return nonZeroRequested;
    }

    /** True if a pod on this node has pod affinity or anti-affinity terms (required or preferred). */
    public boolean hasPodsWithAffinity() {
        return podsWithAffinity > 0;
    }

    public boolean hasPodsWithRequiredAntiAffinity() {
        return podsWithRequiredAntiAffinity > 0;
    }

    /** Replaces the Node object; allocatable falls back to capacity when the node reports none. */
    public NodeInfo withNode(Node newNode) {
        Map<String, Quantity> allocatableList = null;
        if (newNode != null && newNode.getStatus() != null) {
            allocatableList = newNode.getStatus().getAllocatable();
            if (allocatableList == null || allocatableList.isEmpty()) {
                allocatableList = newNode.getStatus().getCapacity();
            }
        }
        long podLimit = allocatableList == null ? 0 : Resource.count(allocatableList.get("pods"));
        boolean cordoned = newNode != null && newNode.getSpec() != null
                && Boolean.TRUE.equals(newNode.getSpec().getUnschedulable());
        return new NodeInfo(newNode, readyCondition(newNode), cordoned, Resource.of(allocatableList), podLimit, pods,
                requested, nonZeroRequested, podsWithAffinity, podsWithRequiredAntiAffinity);
    }

    public NodeInfo withPodAdded(PodInfo pod) {
        List<PodInfo> newPods = new ArrayList<>(pods.size() + 1);
        newPods.addAll(pods);
        newPods.add(pod);
        return new NodeInfo(node, ready, unschedulable, allocatable, allowedPods, Collections.unmodifiableList(newPods),
                requested.plus(pod.request()), nonZeroRequested.plus(pod.nonZeroRequest()),
                podsWithAffinity + (pod.hasAffinity() ? 1 : 0),
                podsWithRequiredAntiAffinity + (pod.hasRequiredAntiAffinity() ? 1 : 0));
    }

    /** Removes the pod with this key (UID); the same NodeInfo if it is not here. */
    public NodeInfo withPodRemoved(String podKey) {
        List<PodInfo> newPods = new ArrayList<>(pods.size());
        PodInfo removed = null;
        for (PodInfo pod : pods) {
            if (removed == null && pod.key().equals(podKey)) {
                removed = pod;
            } else {
                newPods.add(pod);
            }
        }
        if (removed == null) {
            return this;
        }
        return new NodeInfo(node, ready, unschedulable, allocatable, allowedPods, Collections.unmodifiableList(newPods),
                requested.minus(removed.request()), nonZeroRequested.minus(removed.nonZeroRequest()),
                podsWithAffinity - (removed.hasAffinity() ? 1 : 0),
                podsWithRequiredAntiAffinity - (removed.hasRequiredAntiAffinity() ? 1 : 0));
    }

    private static boolean readyCondition(Node node) {
        if (node == null || node.getStatus() == null || node.getStatus().getConditions() == null) {
            return false;
        }
        for (NodeCondition condition : node.getStatus().getConditions()) {
            if ("Ready".equals(condition.getType())) {
                return "True".equals(condition.getStatus());
            }
        }
        return false;
    }
}
