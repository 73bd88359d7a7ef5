package io.quarkube.scheduler.plugins.interpodaffinity;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodAffinityTerm;
import io.quarkube.scheduler.framework.AffinityTermIndex;
import io.quarkube.scheduler.framework.NodeInfo;
import io.quarkube.scheduler.framework.PodInfo;
import io.quarkube.scheduler.framework.PodLabelIndex;
import io.quarkube.scheduler.framework.Snapshot;
import io.quarkube.scheduler.framework.Status;

import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * PreFilter and Filter of inter-pod affinity (Kubernetes' filtering.go): PreFilter counts, per topology pair, the
 * existing pods whose required anti-affinity matches the incoming pod and the existing pods matching the incoming
 * pod's required (anti-)affinity terms; Filter then only looks up the node's pairs.
 */
final class AffinityFiltering {
    static final String EXISTING_ANTI_AFFINITY_NOT_MATCH = "node(s) didn't satisfy existing pods anti-affinity rules";
    static final String AFFINITY_RULES_NOT_MATCH = "node(s) didn't match pod affinity rules";
    static final String ANTI_AFFINITY_RULES_NOT_MATCH = "node(s) didn't match pod anti-affinity rules";

    private static final Status AFFINITY_FAILED = Status.unresolvable(AFFINITY_RULES_NOT_MATCH);
    private static final Status ANTI_AFFINITY_FAILED = Status.unschedulable(ANTI_AFFINITY_RULES_NOT_MATCH);
    private static final Status EXISTING_ANTI_AFFINITY_FAILED = Status.unschedulable(EXISTING_ANTI_AFFINITY_NOT_MATCH);

    /** What PreFilter computed for one attempt. */
    record State(TopologyValues existingAntiAffinityCounts, TopologyValues affinityCounts,
                 TopologyValues antiAffinityCounts, String[] affinityKeys, String[] antiAffinityKeys,
                 boolean podMatchesOwnAffinity) {
    }

    private AffinityFiltering() {
    }

    /**
     * The state, or null when nothing can reject any node for this pod (PreFilter answers Skip). With
     * {@code useIndex} the existing pods come from the snapshot's indexes, else from a scan of every pod (the
     * reference the equivalence tests compare with): the same pods are matched either way.
     */
    static State preFilter(Pod pod, Snapshot snapshot, Function<String, Map<String, String>> namespaceLookup,
                           boolean useIndex) {
        List<PodAffinityTerm> affinityTerms = AffinityTerms.requiredAffinity(pod);
        List<PodAffinityTerm> antiAffinityTerms = AffinityTerms.requiredAntiAffinity(pod);
        boolean hasTerms = !affinityTerms.isEmpty() || !antiAffinityTerms.isEmpty();
        if (!hasTerms && !snapshot.hasPodsWithRequiredAntiAffinity()) {
            return null;
        }
        NamespaceLabels namespaceLabels = new NamespaceLabels(namespaceLookup);
        AffinityTermIndex termIndex = useIndex && snapshot.hasPodsWithRequiredAntiAffinity()
                ? snapshot.requiredAntiAffinityTerms() : null;
        TopologyValues existing = termIndex != null ? existingAntiAffinityCounts(pod, snapshot, termIndex, namespaceLabels)
                : existingAntiAffinityCounts(pod, snapshot.nodesWithPodsWithRequiredAntiAffinity(), namespaceLabels);
        if (!hasTerms && existing.isEmpty()) {
            return null;
        }
        TopologyValues affinityCounts = new TopologyValues();
        TopologyValues antiAffinityCounts = new TopologyValues();
        ExistingPods existingPods = new ExistingPods(snapshot, useIndex);
        if (!affinityTerms.isEmpty()) {
            // the existing pod must match ALL terms, then each term's pair counts it: any term's candidates do
            existingPods.forEach(fewestCandidates(affinityTerms, existingPods), (existingPod, node) -> {
                if (AffinityTerms.matchesAll(affinityTerms, pod, existingPod.pod(), namespaceLabels)) {
                    for (PodAffinityTerm term : affinityTerms) {
                        affinityCounts.add(node.labels(), AffinityTerms.topologyKey(term), 1);
                    }
                }
            });
        }
        for (PodAffinityTerm term : antiAffinityTerms) {
            existingPods.forEach(term.getLabelSelector(), (existingPod, node) -> {
                if (AffinityTerms.matches(term, pod, existingPod.pod(), namespaceLabels, true)) {
                    antiAffinityCounts.add(node.labels(), AffinityTerms.topologyKey(term), 1);
                }
            });
        }
        return new State(existing, affinityCounts, antiAffinityCounts, topologyKeys(affinityTerms),
                topologyKeys(antiAffinityTerms), AffinityTerms.matchesAll(affinityTerms, pod, pod, namespaceLabels));
    }

    /** The smallest candidate set any of the terms' selectors gives, or null (scan) if none is indexable. */
    private static PodLabelIndex.Candidates fewestCandidates(List<PodAffinityTerm> terms, ExistingPods existingPods) {
        PodLabelIndex.Candidates best = null;
        for (PodAffinityTerm term : terms) {
            PodLabelIndex.Candidates candidates = existingPods.candidates(term.getLabelSelector());
            if (candidates != null && (best == null || candidates.size() < best.size())) {
                best = candidates;
            }
        }
        return best;
    }

    /** As below, from the reverse index: only the terms filed under one of the incoming pod's labels. */
    private static TopologyValues existingAntiAffinityCounts(Pod pod, Snapshot snapshot, AffinityTermIndex index,
                                                             NamespaceLabels namespaces) {
        TopologyValues counts = new TopologyValues();
        for (AffinityTermIndex.Entry entry : index.candidates(pod.getMetadata().getLabels())) {
            Map<String, String> labels = snapshot.get(entry.nodeName()).labels();
            for (AffinityTermIndex.Term term : entry.terms()) {
                if (AffinityTerms.matches(term.term(), entry.owner().pod(), pod, namespaces, false)) {
                    counts.add(labels, AffinityTerms.topologyKey(term.term()), 1);
                }
            }
        }
        return counts;
    }

    /** Pairs holding an existing pod whose required anti-affinity terms match the incoming pod, one per term. */
    private static TopologyValues existingAntiAffinityCounts(Pod pod, List<NodeInfo> nodes, NamespaceLabels namespaces) {
        TopologyValues counts = new TopologyValues();
        for (NodeInfo node : nodes) {
            if (node.node() == null) {
                continue;
            }
            for (PodInfo existingPod : node.pods()) {
                if (!existingPod.hasRequiredAntiAffinity()) {
                    continue;
                }
                for (PodAffinityTerm term : AffinityTerms.requiredAntiAffinity(existingPod.pod())) {
                    if (AffinityTerms.matches(term, existingPod.pod(), pod, namespaces, false)) {
                        counts.add(node.labels(), AffinityTerms.topologyKey(term), 1);
                    }
                }
            }
        }
        return counts;
    }

    /** Affinity first (unresolvable), then the pod's anti-affinity, then existing pods' anti-affinity. */
    static Status filter(State state, NodeInfo node) {
        Map<String, String> labels = node.labels();
        if (!satisfiesAffinity(state, labels)) {
            return AFFINITY_FAILED;
        }
        if (!state.antiAffinityCounts().isEmpty()) {
            for (String key : state.antiAffinityKeys()) {
                String value = labels.get(key);
                if (value != null && state.antiAffinityCounts().get(key, value) > 0) {
                    return ANTI_AFFINITY_FAILED;
                }
            }
        }
        if (!state.existingAntiAffinityCounts().isEmpty() && state.existingAntiAffinityCounts().anyPositive(labels)) {
            return EXISTING_ANTI_AFFINITY_FAILED;
        }
        return Status.success();
    }

    private static boolean satisfiesAffinity(State state, Map<String, String> labels) {
        boolean podsExist = true;
        for (String key : state.affinityKeys()) {
            String value = labels.get(key);
            if (value == null) {
                return false; // the node must carry every topology key
            }
            if (state.affinityCounts().get(key, value) <= 0) {
                podsExist = false;
            }
        }
        // the first pod of a group that has affinity to itself may go anywhere its topology keys exist,
        // as long as no pod in the cluster matches the terms yet
        return podsExist || (state.affinityCounts().isEmpty() && state.podMatchesOwnAffinity());
    }

    private static String[] topologyKeys(List<PodAffinityTerm> terms) {
        String[] keys = new String[terms.size()];
        for (int i = 0; i < keys.length; i++) {
            keys[i] = AffinityTerms.topologyKey(terms.get(i));
        }
        return keys;
    }
}
