package io.quarkube.scheduler.plugins.podtopologyspread;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.quarkube.scheduler.framework.NodeInfo;
import io.quarkube.scheduler.framework.PodLabelIndex;
import io.quarkube.scheduler.framework.Snapshot;
import io.quarkube.scheduler.framework.TopologyDomains;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What Filter needs for the pod's DoNotSchedule constraints, computed once per attempt over every node of the
 * snapshot (Kubernetes' calPreFilterState): per constraint the matching pods per topology value, the global
 * minimum (0 while fewer domains than minDomains exist), and whether the pod selects itself.
 */
final class PreFilterState {
    /** Marks a constraint without any eligible domain: Kubernetes finds no critical path and skips it. */
    static final int NO_DOMAINS = -1;

    final String[] keys;
    final int[] maxSkew;
    final int[] selfMatch;
    final int[] minMatch;
    final int[] domains;
    /** Per constraint: topology value → matching pods (one-element arrays, added to in place). */
    final List<Map<String, int[]>> counts;

    private PreFilterState(int n, List<Map<String, int[]>> counts) {
        this.keys = new String[n];
        this.maxSkew = new int[n];
        this.selfMatch = new int[n];
        this.minMatch = new int[n];
        this.domains = new int[n];
        this.counts = counts;
    }

    /**
     * With {@code useIndex}, the label index gives each constraint's matching pods, and the domains come from
     * the snapshot's cached topology domains when every node with the keys is included (O(domains)), else from
     * one pass over the nodes; without (or for a selector the index cannot narrow), every node's pods are
     * counted, as Kubernetes does.
     */
    static PreFilterState compute(Pod pod, List<SpreadConstraint> constraints, Snapshot snapshot, boolean useIndex) {
        int n = constraints.size();
        List<Map<String, int[]>> counts = new ArrayList<>(n);
        for (SpreadConstraint c : constraints) {
            counts.add(new HashMap<>(c.isHostname() ? Math.max(16, snapshot.size() * 2) : 16));
        }
        PreFilterState state = new PreFilterState(n, counts);
        Map<String, String> podLabels = pod.getMetadata().getLabels() == null ? Map.of() : pod.getMetadata().getLabels();
        for (int i = 0; i < n; i++) {
            SpreadConstraint c = constraints.get(i);
            state.keys[i] = c.topologyKey();
            state.maxSkew[i] = c.maxSkew();
            state.selfMatch[i] = c.selects(podLabels) ? 1 : 0;
        }

        String namespace = pod.getMetadata().getNamespace();
        NodeInclusion inclusion = new NodeInclusion(pod);
        PodLabelIndex.Candidates[] candidates = MatchingPods.candidates(constraints, snapshot, useIndex, false);
        if (useIndex && MatchingPods.allIndexed(candidates, constraints, false)
                && inclusion.includesAllNodes(constraints, snapshot.topologyDomains())) {
            // Every node with the keys is a domain of every constraint: take the domains from the snapshot.
            TopologyDomains.Domains domains = snapshot.topologyDomains().domains(state.keys);
            for (int i = 0; i < n; i++) {
                Map<String, int[]> byValue = counts.get(i);
                for (String value : domains.values(i)) {
                    byValue.put(value, new int[1]);
                }
            }
        } else {
            scanNodes(state, constraints, snapshot, inclusion, candidates, namespace);
        }
        for (int i = 0; i < n; i++) {
            if (candidates[i] != null) {
                Map<String, int[]> byValue = counts.get(i);
                // an eligible node's domain exists: taken from the cache or the pass above
                MatchingPods.count(candidates[i], constraints.get(i), state.keys, namespace, inclusion, snapshot,
                        value -> byValue.get(value)[0]++);
            }
        }

        for (int i = 0; i < n; i++) {
            Map<String, int[]> byValue = counts.get(i);
            state.domains[i] = byValue.size();
            if (byValue.isEmpty()) {
                state.minMatch[i] = NO_DOMAINS;
                continue;
            }
            int min = Integer.MAX_VALUE;
            for (int[] count : byValue.values()) {
                min = Math.min(min, count[0]);
            }
            // Fewer eligible domains than minDomains: the global minimum is taken as 0.
            state.minMatch[i] = byValue.size() < constraints.get(i).minDomains() ? 0 : min;
        }
        return state;
    }

    /** One pass over every node: the domains, and the matching pods of constraints the index cannot narrow. */
    private static void scanNodes(PreFilterState state, List<SpreadConstraint> constraints, Snapshot snapshot,
                                  NodeInclusion inclusion, PodLabelIndex.Candidates[] candidates, String namespace) {
        int n = constraints.size();
        for (NodeInfo nodeInfo : snapshot.nodes()) {
            Node node = nodeInfo.node();
            if (node == null) {
                continue;
            }
            Map<String, String> labels = nodeInfo.labels();
            if (!hasAllKeys(labels, state.keys)) {
                continue;
            }
            for (int i = 0; i < n; i++) {
                SpreadConstraint c = constraints.get(i);
                if (!inclusion.includes(c, nodeInfo)) {
                    continue;
                }
                int[] cell = state.counts.get(i).computeIfAbsent(labels.get(c.topologyKey()), v -> new int[1]);
                if (candidates[i] == null) {
                    cell[0] += c.countMatching(nodeInfo.pods(), namespace);
                }
            }
        }
    }

    /** Kubernetes' nodeLabelsMatchSpreadConstraints: a node lacking any topology key belongs to no domain. */
    static boolean hasAllKeys(Map<String, String> labels, String[] keys) {
        for (String key : keys) {
            if (!labels.containsKey(key)) {
                return false;
            }
        }
        return true;
    }

    /** Matching pods in the domain with this value (0 for a domain with no eligible node). */
    int count(int constraint, String value) {
        int[] count = counts.get(constraint).get(value);
        return count == null ? 0 : count[0];
    }
}
