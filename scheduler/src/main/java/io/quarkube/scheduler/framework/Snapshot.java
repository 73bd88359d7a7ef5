package io.quarkube.scheduler.framework;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The nodes one scheduling cycle works on, in a stable order (by name). Owned by the scheduling thread: the
 * cache brings it up to date between cycles by replacing only the nodes that changed, so a cycle costs O(changes),
 * not O(nodes). The lists of nodes holding pods with (anti-)affinity are computed on first use per update,
 * because the inter-pod affinity plugin needs them and almost no other pod does. The pod indexes (labels,
 * existing pods' affinity terms) and the nodes' topology domains are likewise built on first use and then
 * maintained per replaced node.
 */
public final class Snapshot {
    private final List<NodeInfo> nodes = new ArrayList<>();
    private final Map<String, Integer> index = new HashMap<>();
    private List<NodeInfo> withAffinity;
    private List<NodeInfo> withRequiredAntiAffinity;
    private int nodesWithAffinity;
    private int nodesWithRequiredAntiAffinity;
    private final SnapshotIndexes indexes = new SnapshotIndexes();
    private TopologyDomains topologyDomains;

    public static Snapshot of(List<NodeInfo> nodes) {
        Snapshot snapshot = new Snapshot();
        snapshot.replaceAll(nodes);
        return snapshot;
    }

    /** Every node that exists, sorted by name. */
    public List<NodeInfo> nodes() {
        return nodes;
    }

    public int size() {
        return nodes.size();
    }

    /** The node of that name, or null. */
    public NodeInfo get(String name) {
        Integer i = index.get(name);
        return i == null ? null : nodes.get(i);
    }

    public List<NodeInfo> nodesWithPodsWithAffinity() {
        if (withAffinity == null) {
            withAffinity = nodes.stream().filter(NodeInfo::hasPodsWithAffinity).toList();
        }
        return withAffinity;
    }

    public List<NodeInfo> nodesWithPodsWithRequiredAntiAffinity() {
        if (withRequiredAntiAffinity == null) {
            withRequiredAntiAffinity = nodes.stream().filter(NodeInfo::hasPodsWithRequiredAntiAffinity).toList();
        }
        return withRequiredAntiAffinity;
    }

    /** True if some node holds a pod with (anti-)affinity terms; O(1), unlike {@link #nodesWithPodsWithAffinity}. */
    public boolean hasPodsWithAffinity() {
        return nodesWithAffinity > 0;
    }

    /** True if some node holds a pod with required anti-affinity terms; O(1). */
    public boolean hasPodsWithRequiredAntiAffinity() {
        return nodesWithRequiredAntiAffinity > 0;
    }

    /** The pods of all nodes by label, or null if it cannot be trusted (then scan {@link #nodes()}). */
    public PodLabelIndex podLabelIndex() {
        return indexes.labels(nodes);
    }

    /** Existing pods' required anti-affinity terms by the labels they select, or null (then scan). */
    public AffinityTermIndex requiredAntiAffinityTerms() {
        return indexes.requiredAntiAffinity(nodes);
    }

    /**
     * Existing pods' terms that score an incoming pod (required affinity, preferred affinity and anti-affinity)
     * by the labels they select, or null (then scan).
     */
    public AffinityTermIndex scoringAffinityTerms() {
        return indexes.scoring(nodes);
    }

    /**
     * The nodes' topology domains per set of keys and whether any node has a NoSchedule/NoExecute taint; built on
     * first use (topology spread), then maintained as nodes are replaced.
     */
    public TopologyDomains topologyDomains() {
        if (topologyDomains == null) {
            topologyDomains = new TopologyDomains(nodes);
        }
        return topologyDomains;
    }

    /** Replaces the whole node list (a node was added or removed). */
    public void replaceAll(List<NodeInfo> sortedNodes) {
        nodes.clear();
        index.clear();
        nodesWithAffinity = 0;
        nodesWithRequiredAntiAffinity = 0;
        for (NodeInfo node : sortedNodes) {
            index.put(node.name(), nodes.size());
            nodes.add(node);
            nodesWithAffinity += node.hasPodsWithAffinity() ? 1 : 0;
            nodesWithRequiredAntiAffinity += node.hasPodsWithRequiredAntiAffinity() ? 1 : 0;
        }
        invalidate();
        indexes.clear();
        topologyDomains = null;
    }

    /** Replaces one existing node's info; false if the snapshot does not have it (the caller rebuilds). */
    public boolean replace(NodeInfo node) {
        Integer i = index.get(node.name());
        if (i == null) {
            return false;
        }
        NodeInfo old = nodes.set(i, node);
        if (old.hasPodsWithAffinity() || node.hasPodsWithAffinity()) {
            withAffinity = null;
            nodesWithAffinity += (node.hasPodsWithAffinity() ? 1 : 0) - (old.hasPodsWithAffinity() ? 1 : 0);
        }
        if (old.hasPodsWithRequiredAntiAffinity() || node.hasPodsWithRequiredAntiAffinity()) {
            withRequiredAntiAffinity = null;
            nodesWithRequiredAntiAffinity += (node.hasPodsWithRequiredAntiAffinity() ? 1 : 0)
                    - (old.hasPodsWithRequiredAntiAffinity() ? 1 : 0);
        }
        indexes.replaced(old, node);
        if (topologyDomains != null) {
            topologyDomains.replaced(node);
        }
        return true;
    }

    private void invalidate() {
        withAffinity = null;
        withRequiredAntiAffinity = null;
    }
}
