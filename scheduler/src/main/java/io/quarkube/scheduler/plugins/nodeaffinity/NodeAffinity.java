package io.quarkube.scheduler.plugins.nodeaffinity;

import io.fabric8.kubernetes.api.model.Affinity;
import io.fabric8.kubernetes.api.model.NodeSelectorRequirement;
import io.fabric8.kubernetes.api.model.NodeSelectorTerm;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PreferredSchedulingTerm;
import io.quarkube.scheduler.framework.CycleState;
import io.quarkube.scheduler.framework.FilterPlugin;
import io.quarkube.scheduler.framework.NodeInfo;
import io.quarkube.scheduler.framework.PreFilterPlugin;
import io.quarkube.scheduler.framework.PreScorePlugin;
import io.quarkube.scheduler.framework.ScorePlugin;
import io.quarkube.scheduler.framework.Status;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Kubernetes' NodeAffinity plugin. Filter: {@code spec.nodeSelector} must be a subset of the node's labels, and
 * one of the terms of the required node affinity (if any) must match: its expressions on labels and its fields
 * (only metadata.name exists) all hold. Score: the summed weights of the preferred terms the node matches,
 * scaled so the best node gets 100 (weight 2).
 */
public final class NodeAffinity implements PreFilterPlugin, FilterPlugin, PreScorePlugin, ScorePlugin {
    public static final String NAME = "NodeAffinity";
    private static final String PREFERRED = NAME + "/preferred";
    public static final String REASON = "node(s) didn't match Pod's node affinity/selector";

    @Override
    public String name() {
        return NAME;
    }

    private static final Status REJECTED = Status.unresolvable(REASON);

    /** A compiled preferred term. */
    private record Preferred(NodeSelectorTerms.Term term, int weight) {
    }

    @Override
    public Status preFilter(CycleState state, Pod pod) {
        RequiredNodeAffinity required = RequiredNodeAffinity.of(pod);
        if (required.isEmpty()) {
            return Status.skip();
        }
        List<NodeSelectorTerm> terms = RequiredNodeAffinity.requiredTerms(pod);
        Set<String> named = terms == null ? null : namedNodes(terms);
        if (named != null) {
            if (named.isEmpty()) {
                return REJECTED;
            }
            state.restrictToNodes(named, NAME);
        }
        state.write(NAME, required);
        return Status.success();
    }

    /**
     * The nodes a pod's required terms name through matchFields metadata.name In (a DaemonSet pod names its
     * node), or null if some term admits nodes by labels alone. Requirements of one term intersect, terms unite.
     */
    static Set<String> namedNodes(List<NodeSelectorTerm> terms) {
        Set<String> union = new HashSet<>();
        for (NodeSelectorTerm term : terms) {
            Set<String> termNodes = null;
            for (NodeSelectorRequirement r : orEmpty(term.getMatchFields())) {
                if ("metadata.name".equals(r.getKey()) && "In".equals(r.getOperator())) {
                    Set<String> values = new HashSet<>(orEmpty(r.getValues()));
                    if (termNodes == null) {
                        termNodes = values;
                    } else {
                        termNodes.retainAll(values);
                    }
                }
            }
            if (termNodes == null) {
                return null;
            }
            union.addAll(termNodes);
        }
        return union;
    }

    @Override
    public Status filter(CycleState state, Pod pod, NodeInfo nodeInfo) {
        return state.read(NAME, RequiredNodeAffinity.class).matches(nodeInfo) ? Status.success() : REJECTED;
    }

    @Override
    public Status preScore(CycleState state, Pod pod, List<NodeInfo> feasibleNodes) {
        Affinity affinity = pod.getSpec().getAffinity();
        List<PreferredSchedulingTerm> preferred = affinity == null || affinity.getNodeAffinity() == null ? null
                : affinity.getNodeAffinity().getPreferredDuringSchedulingIgnoredDuringExecution();
        List<Preferred> compiled = new ArrayList<>();
        for (PreferredSchedulingTerm term : orEmpty(preferred)) {
            if (term.getWeight() != null && term.getWeight() != 0 && term.getPreference() != null) {
                compiled.add(new Preferred(NodeSelectorTerms.compile(term.getPreference()), term.getWeight()));
            }
        }
        if (compiled.isEmpty()) {
            return Status.skip();
        }
        state.write(PREFERRED, compiled.toArray(Preferred[]::new));
        return Status.success();
    }

    @Override
    public long score(CycleState state, Pod pod, NodeInfo node) {
        long sum = 0;
        for (Preferred preferred : state.read(PREFERRED, Preferred[].class)) {
            if (preferred.term().matches(node.labels(), node.name())) {
                sum += preferred.weight();
            }
        }
        return sum;
    }

    @Override
    public void normalize(CycleState state, Pod pod, long[] scores) {
        ScorePlugin.defaultNormalize(scores, false);
    }

    @Override
    public int weight() {
        return 2;
    }

    private static <T> List<T> orEmpty(List<T> list) {
        return list == null ? List.of() : list;
    }
}
