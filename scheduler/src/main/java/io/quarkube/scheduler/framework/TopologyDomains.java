package io.quarkube.scheduler.framework;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Taint;

import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The snapshot's nodes by topology label, for topology spread: for a set of topology keys, the values each key
 * takes on the nodes carrying all of them (the domains, with how many nodes hold each), so a pod's domains cost
 * O(domains) instead of a pass over every node. Key sets are computed on first use and kept up to date from the
 * nodes the cache replaces. A node's labels are compared with a copy kept here, not by Node identity: the usual
 * replace (a pod added) leaves them equal and costs one small map comparison, and a Node object edited in place
 * is still noticed. Scheduling thread only; owned by {@link Snapshot}.
 */
public final class TopologyDomains {
    /** Pod templates use few key sets; past this many, the cached ones are dropped and rebuilt on use. */
    private static final int MAX_KEY_SETS = 16;

    private record NodeState(Map<String, String> labels, boolean filteringTaints) {
    }

    private final Map<String, NodeState> nodes = new HashMap<>();
    private final Map<List<String>, Domains> keySets = new HashMap<>();
    private int nodesWithFilteringTaints;

    TopologyDomains(List<NodeInfo> nodeList) {
        for (NodeInfo info : nodeList) {
            if (info.node() != null) {
                NodeState state = stateOf(info.node());
                nodes.put(info.name(), state);
                nodesWithFilteringTaints += state.filteringTaints() ? 1 : 0;
            }
        }
    }

    /** The domains of the nodes carrying every one of these keys (in this order; duplicates allowed). */
    public Domains domains(String[] keys) {
        List<String> key = Arrays.asList(keys.clone());
        Domains domains = keySets.get(key);
        if (domains == null) {
            if (keySets.size() >= MAX_KEY_SETS) {
                keySets.clear();
            }
            domains = new Domains(keys.clone());
            for (NodeState node : nodes.values()) {
                domains.add(node.labels());
            }
            keySets.put(key, domains);
        }
        return domains;
    }

    /** True if some node has a NoSchedule or NoExecute taint (one a pod may fail to tolerate). */
    public boolean hasNodesWithFilteringTaints() {
        return nodesWithFilteringTaints > 0;
    }

    /** A node of the snapshot was replaced (same name): follow its labels and taints if they changed. */
    void replaced(NodeInfo now) {
        if (now.node() == null) {
            return; // the cache never puts one in the snapshot; Snapshot.replaceAll drops this index anyway
        }
        NodeState before = nodes.get(now.name());
        Map<String, String> labels = now.labels();
        boolean tainted = hasFilteringTaints(now.node());
        if (before != null && before.labels().equals(labels) && before.filteringTaints() == tainted) {
            return;
        }
        NodeState after = new NodeState(new HashMap<>(labels), tainted);
        nodes.put(now.name(), after);
        nodesWithFilteringTaints += (tainted ? 1 : 0) - (before != null && before.filteringTaints() ? 1 : 0);
        if (before != null && before.labels().equals(labels)) {
            return;
        }
        for (Domains domains : keySets.values()) {
            if (before != null) {
                domains.remove(before.labels());
            }
            domains.add(after.labels());
        }
    }

    private static NodeState stateOf(Node node) {
        Map<String, String> labels = node.getMetadata().getLabels();
        return new NodeState(labels == null ? new HashMap<>() : new HashMap<>(labels), hasFilteringTaints(node));
    }

    private static boolean hasFilteringTaints(Node node) {
        List<Taint> taints = node.getSpec() == null ? null : node.getSpec().getTaints();
        if (taints == null) {
            return false;
        }
        for (Taint taint : taints) {
            if ("NoSchedule".equals(taint.getEffect()) || "NoExecute".equals(taint.getEffect())) {
                return true;
            }
        }
        return false;
    }

    /** For one key set: per key, its values on the nodes carrying every key of the set, with node counts. */
    public static final class Domains {
        private final String[] keys;
        private final Map<String, int[]>[] values;

        @SuppressWarnings("unchecked")
        private Domains(String[] keys) {
            this.keys = keys;
            this.values = new Map[keys.length];
            for (int i = 0; i < keys.length; i++) {
                values[i] = new HashMap<>();
            }
        }

        /** The distinct values of the i-th key on those nodes (read-only view; changes with the snapshot). */
        public Set<String> values(int i) {
            return Collections.unmodifiableSet(values[i].keySet());
        }

        private void add(Map<String, String> labels) {
            if (!hasAll(labels)) {
                return;
            }
            for (int i = 0; i < keys.length; i++) {
                values[i].computeIfAbsent(labels.get(keys[i]), v -> new int[1])[0]++;
            }
        }

        private void remove(Map<String, String> labels) {
            if (!hasAll(labels)) {
                return;
            }
            for (int i = 0; i < keys.length; i++) {
                String value = labels.get(keys[i]);
                int[] count = values[i].get(value);
                if (count != null && --count[0] == 0) {
                    values[i].remove(value);
                }
            }
        }

        private boolean hasAll(Map<String, String> labels) {
            for (String key : keys) {
                if (!labels.containsKey(key)) {
                    return false;
                }
            }
            return true;
        }
    }
}
