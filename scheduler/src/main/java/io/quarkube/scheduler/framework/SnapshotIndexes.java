package io.quarkube.scheduler.framework;

import io.fabric8.kubernetes.api.model.Affinity;
import io.fabric8.kubernetes.api.model.PodAffinity;
import io.fabric8.kubernetes.api.model.PodAffinityTerm;
import io.fabric8.kubernetes.api.model.PodAntiAffinity;
import io.fabric8.kubernetes.api.model.WeightedPodAffinityTerm;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;

/**
 * The snapshot's pod indexes, each built on first use (a workload without inter-pod constraints never pays for
 * them) and then kept up to date from the NodeInfos the cache replaces: the old and new pod lists are diffed by
 * PodInfo identity (the cache appends and removes, so usually a common prefix and suffix around one pod; a
 * PodInfo replaced because the pod changed is a removal plus an addition).
 */
final class SnapshotIndexes {
    private PodLabelIndex labels;
    private AffinityTermIndex requiredAntiAffinity;
    private AffinityTermIndex scoring;

    PodLabelIndex labels(List<NodeInfo> nodes) {
        if (labels == null) {
            labels = new PodLabelIndex();
            forEachPod(nodes, labels::add);
        }
        return labels.usable() ? labels : null;
    }

    AffinityTermIndex requiredAntiAffinity(List<NodeInfo> nodes) {
        if (requiredAntiAffinity == null) {
            requiredAntiAffinity = new AffinityTermIndex(SnapshotIndexes::requiredAntiAffinityTerms);
            forEachPod(nodes, requiredAntiAffinity::add);
        }
        return requiredAntiAffinity.usable() ? requiredAntiAffinity : null;
    }

    AffinityTermIndex scoring(List<NodeInfo> nodes) {
        if (scoring == null) {
            scoring = new AffinityTermIndex(SnapshotIndexes::scoringTerms);
            forEachPod(nodes, scoring::add);
        }
        return scoring.usable() ? scoring : null;
    }

    /** The node list was replaced whole: rebuild on next use. */
    void clear() {
        labels = null;
        requiredAntiAffinity = null;
        scoring = null;
    }

    void replaced(NodeInfo old, NodeInfo now) {
        if (labels == null && requiredAntiAffinity == null && scoring == null) {
            return;
        }
        List<PodInfo> before = old.node() == null ? List.of() : old.pods();
        List<PodInfo> after = now.node() == null ? List.of() : now.pods();
        if (before == after) {
            return; // only the Node object changed; indexes hold node names, not NodeInfos
        }
        int prefix = 0;
        int common = Math.min(before.size(), after.size());
        while (prefix < common && before.get(prefix) == after.get(prefix)) {
            prefix++;
        }
        int suffix = 0;
        while (suffix < common - prefix
                && before.get(before.size() - 1 - suffix) == after.get(after.size() - 1 - suffix)) {
            suffix++;
        }
        List<PodInfo> removed = before.subList(prefix, before.size() - suffix);
        List<PodInfo> added = after.subList(prefix, after.size() - suffix);
        if (!removed.isEmpty() && !added.isEmpty()) {
            Set<PodInfo> kept = identitySet(removed);
            kept.retainAll(identitySet(added));
            if (!kept.isEmpty()) {
                removed = without(removed, kept);
                added = without(added, kept);
            }
        }
        String name = now.name();
        for (PodInfo pod : removed) {
            remove(pod);
        }
        for (PodInfo pod : added) {
            add(pod, name);
        }
    }

    private void add(PodInfo pod, String nodeName) {
        if (labels != null) {
            labels.add(pod, nodeName);
        }
        if (requiredAntiAffinity != null) {
            requiredAntiAffinity.add(pod, nodeName);
        }
        if (scoring != null) {
            scoring.add(pod, nodeName);
        }
    }

    private void remove(PodInfo pod) {
        if (labels != null) {
            labels.remove(pod);
        }
        if (requiredAntiAffinity != null) {
            requiredAntiAffinity.remove(pod);
        }
        if (scoring != null) {
            scoring.remove(pod);
        }
    }

    private interface Adder {
        void add(PodInfo pod, String nodeName);
    }

    /** Every pod of the nodes that exist, as the plugins' scans see them. */
    private static void forEachPod(List<NodeInfo> nodes, Adder adder) {
        for (NodeInfo node : nodes) {
            if (node.node() == null) {
                continue;
            }
            String name = node.name();
            for (PodInfo pod : node.pods()) {
                adder.add(pod, name);
            }
        }
    }

    private static Set<PodInfo> identitySet(List<PodInfo> pods) {
        Set<PodInfo> set = Collections.newSetFromMap(new IdentityHashMap<>());
        set.addAll(pods);
        return set;
    }

    private static List<PodInfo> without(List<PodInfo> pods, Set<PodInfo> kept) {
        List<PodInfo> result = new ArrayList<>(pods.size());
        for (PodInfo pod : pods) {
            if (!kept.contains(pod)) {
                result.add(pod);
            }
        }
        return result;
    }

    static List<AffinityTermIndex.Term> requiredAntiAffinityTerms(PodInfo pod) {
        PodAntiAffinity anti = affinity(pod) == null ? null : affinity(pod).getPodAntiAffinity();
        List<PodAffinityTerm> terms = anti == null ? null : anti.getRequiredDuringSchedulingIgnoredDuringExecution();
        if (terms == null || terms.isEmpty()) {
            return List.of();
        }
        List<AffinityTermIndex.Term> result = new ArrayList<>(terms.size());
        for (PodAffinityTerm term : terms) {
            result.add(new AffinityTermIndex.Term(term, true, 1));
        }
        return result;
    }

    /** Required affinity (hard, weighted by the plugin), preferred affinity (+weight), preferred anti (−weight). */
    static List<AffinityTermIndex.Term> scoringTerms(PodInfo pod) {
        Affinity affinity = affinity(pod);
        if (affinity == null) {
            return List.of();
        }
        List<AffinityTermIndex.Term> result = new ArrayList<>();
        PodAffinity podAffinity = affinity.getPodAffinity();
        if (podAffinity != null) {
            if (podAffinity.getRequiredDuringSchedulingIgnoredDuringExecution() != null) {
                for (PodAffinityTerm term : podAffinity.getRequiredDuringSchedulingIgnoredDuringExecution()) {
                    result.add(new AffinityTermIndex.Term(term, true, 0));
                }
            }
            addWeighted(result, podAffinity.getPreferredDuringSchedulingIgnoredDuringExecution(), 1);
        }
        PodAntiAffinity anti = affinity.getPodAntiAffinity();
        if (anti != null) {
            addWeighted(result, anti.getPreferredDuringSchedulingIgnoredDuringExecution(), -1);
        }
        return result;
    }

    private static void addWeighted(List<AffinityTermIndex.Term> result, List<WeightedPodAffinityTerm> terms, int sign) {
        if (terms == null) {
            return;
        }
        for (WeightedPodAffinityTerm weighted : terms) {
            if (weighted.getPodAffinityTerm() != null) {
                long weight = weighted.getWeight() == null ? 0 : weighted.getWeight();
                result.add(new AffinityTermIndex.Term(weighted.getPodAffinityTerm(), false, weight * sign));
            }
        }
    }

    private static Affinity affinity(PodInfo pod) {
        return pod.pod().getSpec() == null ? null : pod.pod().getSpec().getAffinity();
    }
}
