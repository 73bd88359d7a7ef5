package io.quarkube.scheduler.framework;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The nodes one scheduling cycle works on, in a stable order (by name). Owned by the scheduling thread: the
 * cache brings it up to date between cycles by replacing only the nodes that changed, so a cycle costs O(changes),
 * not O(nodes). The lists of nodes holding pods with (anti-)affinity are computed on first use per update,
 * because the inter-pod affinity plugin needs them and almost no other pod does.
 */
public final class Snapshot {
    private final List<NodeInfo> nodes = new ArrayList<>();
    private final Map<String, Integer> index = new HashMap<>();
    private List<NodeInfo> withAffinity;
    private List<NodeInfo> withRequiredAntiAffinity;

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

    /** Replaces the whole node list (a node was added or removed). */
    public void replaceAll(List<NodeInfo> sortedNodes) {
        nodes.clear();
        index.clear();
        for (NodeInfo node : sortedNodes) {
            index.put(node.name(), nodes.size());
            nodes.add(node);
        }
        invalidate();
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
        }
        if (old.hasPodsWithRequiredAntiAffinity() || node.hasPodsWithRequiredAntiAffinity()) {
            withRequiredAntiAffinity = null;
        }
        return true;
    }

    private void invalidate() {
        withAffinity = null;
        withRequiredAntiAffinity = null;
    }
}
