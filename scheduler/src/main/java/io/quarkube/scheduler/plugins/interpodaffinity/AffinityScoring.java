package io.quarkube.scheduler.plugins.interpodaffinity;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodAffinityTerm;
import io.fabric8.kubernetes.api.model.WeightedPodAffinityTerm;
import io.quarkube.scheduler.framework.AffinityTermIndex;
import io.quarkube.scheduler.framework.NodeInfo;
import io.quarkube.scheduler.framework.PodInfo;
import io.quarkube.scheduler.framework.ScorePlugin;
import io.quarkube.scheduler.framework.Snapshot;

import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * PreScore, Score and NormalizeScore of inter-pod affinity (Kubernetes' scoring.go): every pair (topologyKey=value)
 * collects the weights of the incoming pod's preferred terms matched by the pods there (anti-affinity negative),
 * plus the existing pods' preferred terms and, at hardPodAffinityWeight, required affinity terms that the incoming
 * pod matches. A node scores the sum over its pairs; normalize maps min..max to 0..100.
 */
final class AffinityScoring {
    private AffinityScoring() {
    }

    /**
     * The summed weights per pair, or null when every node would score the same (PreScore answers Skip). With
     * {@code useIndex} the existing pods come from the snapshot's indexes, else from a scan of every pod.
     */
    static TopologyValues preScore(Pod pod, Snapshot snapshot, Function<String, Map<String, String>> namespaceLookup,
                                   int hardPodAffinityWeight, boolean useIndex) {
        if (!useIndex) {
            return preScoreByScan(pod, snapshot, namespaceLookup, hardPodAffinityWeight);
        }
        List<WeightedPodAffinityTerm> preferredAffinity = AffinityTerms.preferredAffinity(pod);
        List<WeightedPodAffinityTerm> preferredAntiAffinity = AffinityTerms.preferredAntiAffinity(pod);
        boolean hasConstraints = !preferredAffinity.isEmpty() || !preferredAntiAffinity.isEmpty();
        if (!hasConstraints && !snapshot.hasPodsWithAffinity()) {
            return null;
        }
        AffinityTermIndex existingTerms = snapshot.hasPodsWithAffinity() ? snapshot.scoringAffinityTerms() : null;
        if (existingTerms == null && snapshot.hasPodsWithAffinity()) {
            return preScoreByScan(pod, snapshot, namespaceLookup, hardPodAffinityWeight);
        }
        NamespaceLabels namespaces = new NamespaceLabels(namespaceLookup);
        TopologyValues scores = new TopologyValues();
        ExistingPods existingPods = new ExistingPods(snapshot, true);
        addIncomingTerms(scores, preferredAffinity, pod, existingPods, namespaces, 1);
        addIncomingTerms(scores, preferredAntiAffinity, pod, existingPods, namespaces, -1);
        if (existingTerms != null && !existingTerms.isEmpty()) {
            for (AffinityTermIndex.Entry entry : existingTerms.candidates(pod.getMetadata().getLabels())) {
                Map<String, String> labels = snapshot.get(entry.nodeName()).labels();
                for (AffinityTermIndex.Term term : entry.terms()) {
                    long weight = term.hard() ? hardPodAffinityWeight : term.weight();
                    if ((!term.hard() || hardPodAffinityWeight > 0)
                            && AffinityTerms.matches(term.term(), entry.owner().pod(), pod, namespaces, false)) {
                        scores.add(labels, AffinityTerms.topologyKey(term.term()), weight);
                    }
                }
            }
        }
        return scores.isEmpty() ? null : scores;
    }

    /** The incoming pod's preferred terms, each over the pods its selector could select. */
    private static void addIncomingTerms(TopologyValues scores, List<WeightedPodAffinityTerm> terms, Pod pod,
                                         ExistingPods existingPods, NamespaceLabels namespaces, int sign) {
        for (WeightedPodAffinityTerm weighted : terms) {
            PodAffinityTerm term = weighted.getPodAffinityTerm();
            if (term == null) {
                continue;
            }
            long weight = (long) AffinityTerms.weight(weighted) * sign;
            existingPods.forEach(term.getLabelSelector(), (existingPod, node) -> {
                if (AffinityTerms.matches(term, pod, existingPod.pod(), namespaces, true)) {
                    scores.add(node.labels(), AffinityTerms.topologyKey(term), weight);
                }
            });
        }
    }

    /** The reference: every pod of the nodes that matter, all terms matched against each. */
    static TopologyValues preScoreByScan(Pod pod, Snapshot snapshot,
                                         Function<String, Map<String, String>> namespaceLookup,
                                         int hardPodAffinityWeight) {
        List<WeightedPodAffinityTerm> preferredAffinity = AffinityTerms.preferredAffinity(pod);
        List<WeightedPodAffinityTerm> preferredAntiAffinity = AffinityTerms.preferredAntiAffinity(pod);
        boolean hasConstraints = !preferredAffinity.isEmpty() || !preferredAntiAffinity.isEmpty();
        // without preferred terms of its own, only existing pods' affinity can tell nodes apart
        List<NodeInfo> nodes = hasConstraints ? snapshot.nodes() : snapshot.nodesWithPodsWithAffinity();
        if (nodes.isEmpty()) {
            return null;
        }
        NamespaceLabels namespaces = new NamespaceLabels(namespaceLookup);
        TopologyValues scores = new TopologyValues();
        for (NodeInfo node : nodes) {
            Map<String, String> labels = node.labels();
            if (labels.isEmpty()) {
                continue;
            }
            for (PodInfo existingPod : node.pods()) {
                if (hasConstraints) {
                    Pod other = existingPod.pod();
                    addMatching(scores, preferredAffinity, pod, other, namespaces, true, labels, 1);
                    addMatching(scores, preferredAntiAffinity, pod, other, namespaces, true, labels, -1);
                }
                if (existingPod.hasAffinity()) {
                    addExistingPodTerms(scores, existingPod.pod(), pod, namespaces, labels, hardPodAffinityWeight);
                }
            }
        }
        return scores.isEmpty() ? null : scores;
    }

    /** The existing pod's terms that the incoming pod matches, counted at the existing pod's node. */
    private static void addExistingPodTerms(TopologyValues scores, Pod existing, Pod incoming,
                                            NamespaceLabels namespaces, Map<String, String> labels, int hardWeight) {
        if (hardWeight > 0) {
            for (PodAffinityTerm term : AffinityTerms.requiredAffinity(existing)) {
                if (AffinityTerms.matches(term, existing, incoming, namespaces, false)) {
                    scores.add(labels, AffinityTerms.topologyKey(term), hardWeight);
                }
            }
        }
        addMatching(scores, AffinityTerms.preferredAffinity(existing), existing, incoming, namespaces, false, labels, 1);
        addMatching(scores, AffinityTerms.preferredAntiAffinity(existing), existing, incoming, namespaces, false,
                labels, -1);
    }

    private static void addMatching(TopologyValues scores, List<WeightedPodAffinityTerm> terms, Pod owner, Pod target,
                                    NamespaceLabels namespaces, boolean ownerIsIncoming, Map<String, String> labels,
                                    int sign) {
        for (WeightedPodAffinityTerm weighted : terms) {
            PodAffinityTerm term = weighted.getPodAffinityTerm();
            if (term != null && AffinityTerms.matches(term, owner, target, namespaces, ownerIsIncoming)) {
                scores.add(labels, AffinityTerms.topologyKey(term), (long) AffinityTerms.weight(weighted) * sign);
            }
        }
    }

    static long score(TopologyValues scores, NodeInfo node) {
        return scores.sum(node.labels());
    }

    /** Kubernetes' min-max scaling: the lowest raw score becomes 0, the highest MAX_SCORE; all equal → all 0. */
    static void normalize(long[] scores) {
        long min = Long.MAX_VALUE;
        long max = Long.MIN_VALUE;
        for (long score : scores) {
            min = Math.min(min, score);
            max = Math.max(max, score);
        }
        long diff = max - min;
        for (int i = 0; i < scores.length; i++) {
            double scaled = diff > 0 ? ScorePlugin.MAX_SCORE * ((double) (scores[i] - min) / (double) diff) : 0;
            scores[i] = (long) scaled;
        }
    }
}
