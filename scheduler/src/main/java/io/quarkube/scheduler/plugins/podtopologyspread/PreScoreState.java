package io.quarkube.scheduler.plugins.podtopologyspread;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.quarkube.scheduler.framework.NodeInfo;
import io.quarkube.scheduler.framework.PodLabelIndex;
import io.quarkube.scheduler.framework.Snapshot;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What Score needs for the pod's ScheduleAnyway constraints (Kubernetes' preScoreState): the feasible nodes
 * lacking a topology key (scored 0 after normalizing), the matching pods per topology value over all eligible
 * nodes, and each constraint's weight log(domains + 2) so small topologies are not watered down by big ones.
 * Hostname constraints count the scored node's own pods in Score instead, as Kubernetes does.
 */
final class PreScoreState {
    final List<SpreadConstraint> constraints;
    final String[] keys;
    final String namespace;
    final Set<String> ignoredNodes = new HashSet<>();
    /** Per constraint: topology value → matching pods (a one-element array so it can be added to in place). */
    final List<Map<String, long[]>> counts;
    final double[] weights;

    private PreScoreState(List<SpreadConstraint> constraints, String namespace) {
        this.constraints = constraints;
        this.namespace = namespace;
        this.keys = new String[constraints.size()];
        this.counts = new ArrayList<>(constraints.size());
        this.weights = new double[constraints.size()];
        for (int i = 0; i < keys.length; i++) {
            keys[i] = constraints.get(i).topologyKey();
            counts.add(new HashMap<>());
        }
    }

    /** With {@code useIndex} the matching pods come from the label index where it can narrow them down. */
    static PreScoreState compute(Pod pod, List<SpreadConstraint> constraints, List<NodeInfo> feasible,
                                 Snapshot snapshot, boolean useIndex) {
        PreScoreState state = new PreScoreState(constraints, pod.getMetadata().getNamespace());
        int n = constraints.size();
        for (NodeInfo nodeInfo : feasible) {
            Map<String, String> labels = nodeInfo.labels();
            if (!PreFilterState.hasAllKeys(labels, state.keys)) {
                state.ignoredNodes.add(nodeInfo.name());
                continue;
            }
            for (int i = 0; i < n; i++) {
                if (!constraints.get(i).isHostname()) {
                    state.counts.get(i).putIfAbsent(labels.get(state.keys[i]), new long[1]);
                }
            }
        }
        for (int i = 0; i < n; i++) {
            int domains = constraints.get(i).isHostname()
                    ? feasible.size() - state.ignoredNodes.size() : state.counts.get(i).size();
            state.weights[i] = Math.log(domains + 2);
        }

        NodeInclusion inclusion = new NodeInclusion(pod);
        PodLabelIndex.Candidates[] candidates = MatchingPods.candidates(constraints, snapshot, useIndex, true);
        for (int i = 0; i < n; i++) {
            if (candidates[i] != null) {
                Map<String, long[]> byValue = state.counts.get(i);
                MatchingPods.count(candidates[i], constraints.get(i), state.keys, state.namespace, inclusion, snapshot,
                        value -> {
                            long[] cell = byValue.get(value);
                            if (cell != null) {
                                cell[0]++;
                            }
                        });
            }
        }
        if (MatchingPods.allIndexed(candidates, constraints, true)) {
            return state;
        }
        for (NodeInfo nodeInfo : snapshot.nodes()) {
            Node node = nodeInfo.node();
            Map<String, String> labels = nodeInfo.labels();
            if (node == null || !PreFilterState.hasAllKeys(labels, state.keys)) {
                continue;
            }
            for (int i = 0; i < n; i++) {
                SpreadConstraint c = constraints.get(i);
                if (candidates[i] != null || !inclusion.includes(c, nodeInfo)) {
                    continue;
                }
                // Only values held by a feasible node matter; hostname counts are taken in Score.
                long[] cell = state.counts.get(i).get(labels.get(c.topologyKey()));
                if (cell != null) {
                    cell[0] += c.countMatching(nodeInfo.pods(), state.namespace);
                }
            }
        }
        return state;
    }

    /** Sum over constraints of count × weight + (maxSkew − 1), rounded; the lower, the better. */
    long rawScore(NodeInfo nodeInfo) {
        Map<String, String> labels = nodeInfo.labels();
        double score = 0;
        for (int i = 0; i < keys.length; i++) {
            String value = labels.get(keys[i]);
            if (value == null) {
                continue;
            }
            SpreadConstraint c = constraints.get(i);
            long count;
            if (c.isHostname()) {
                count = c.countMatching(nodeInfo.pods(), namespace);
            } else {
                long[] cell = counts.get(i).get(value);
                count = cell == null ? 0 : cell[0];
            }
            score += count * weights[i] + (c.maxSkew() - 1);
        }
        return Math.round(score);
    }
}
