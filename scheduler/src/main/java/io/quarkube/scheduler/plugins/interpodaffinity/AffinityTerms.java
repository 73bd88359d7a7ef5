package io.quarkube.scheduler.plugins.interpodaffinity;

import io.fabric8.kubernetes.api.model.Affinity;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodAffinity;
import io.fabric8.kubernetes.api.model.PodAffinityTerm;
import io.fabric8.kubernetes.api.model.PodAntiAffinity;
import io.fabric8.kubernetes.api.model.WeightedPodAffinityTerm;
import io.quarkube.api.labels.LabelSelectors;

import java.util.List;
import java.util.Map;

/**
 * Reads a pod's inter-pod (anti-)affinity terms and decides whether a pod matches one, as Kubernetes'
 * framework.AffinityTerm.Matches does. Works on the fabric8 terms directly: no parsing, no allocation per match,
 * because PreFilter evaluates every term against every pod with affinity in the cluster.
 */
final class AffinityTerms {
    private AffinityTerms() {
    }

    static List<PodAffinityTerm> requiredAffinity(Pod pod) {
        PodAffinity affinity = podAffinity(pod);
        return affinity == null ? List.of() : orEmpty(affinity.getRequiredDuringSchedulingIgnoredDuringExecution());
    }

    static List<PodAffinityTerm> requiredAntiAffinity(Pod pod) {
        PodAntiAffinity anti = podAntiAffinity(pod);
        return anti == null ? List.of() : orEmpty(anti.getRequiredDuringSchedulingIgnoredDuringExecution());
    }

    static List<WeightedPodAffinityTerm> preferredAffinity(Pod pod) {
        PodAffinity affinity = podAffinity(pod);
        return affinity == null ? List.of() : orEmpty(affinity.getPreferredDuringSchedulingIgnoredDuringExecution());
    }

    static List<WeightedPodAffinityTerm> preferredAntiAffinity(Pod pod) {
        PodAntiAffinity anti = podAntiAffinity(pod);
        return anti == null ? List.of() : orEmpty(anti.getPreferredDuringSchedulingIgnoredDuringExecution());
    }

    /** The term's topology key; never null, so looking it up in any label map is safe. */
    static String topologyKey(PodAffinityTerm term) {
        return term.getTopologyKey() == null ? "" : term.getTopologyKey();
    }

    static int weight(WeightedPodAffinityTerm term) {
        return term.getWeight() == null ? 0 : term.getWeight();
    }

    /**
     * Whether {@code target} matches the term that {@code owner} carries: its namespace is one the term names (the
     * owner's own when the term names none and has no namespaceSelector, every one for namespaceSelector {}, those
     * whose labels match otherwise) and its labels match the labelSelector, with matchLabelKeys/mismatchLabelKeys
     * merged from the owner's labels as kube-apiserver merges them at pod creation.
     *
     * @param ownerIsIncoming the incoming pod's terms take only namespaces that exist (kube-scheduler merges the
     *                        listed matching namespaces into the term); an existing pod's term reads an unknown
     *                        namespace as one without labels, as kube-scheduler's namespace label snapshot does
     */
    static boolean matches(PodAffinityTerm term, Pod owner, Pod target, NamespaceLabels namespaces,
                           boolean ownerIsIncoming) {
        return namespaceMatches(term, owner, target, namespaces, ownerIsIncoming) && selectorMatches(term, owner, target);
    }

    /** True if the pod matches every term (Kubernetes' podMatchesAllAffinityTerms: no terms → false). */
    static boolean matchesAll(List<PodAffinityTerm> terms, Pod owner, Pod target, NamespaceLabels namespaces) {
        if (terms.isEmpty()) {
            return false;
        }
        for (PodAffinityTerm term : terms) {
            if (!matches(term, owner, target, namespaces, true)) {
                return false;
            }
        }
        return true;
    }

    private static boolean namespaceMatches(PodAffinityTerm term, Pod owner, Pod target, NamespaceLabels namespaces,
                                            boolean ownerIsIncoming) {
        String namespace = namespace(target);
        List<String> names = term.getNamespaces();
        LabelSelector namespaceSelector = term.getNamespaceSelector();
        boolean noNames = names == null || names.isEmpty();
        if (noNames && namespaceSelector == null) {
            return namespace.equals(namespace(owner));
        }
        if (!noNames && names.contains(namespace)) {
            return true;
        }
        if (namespaceSelector == null) {
            return false;
        }
        if (isEmpty(namespaceSelector)) {
            return true;
        }
        Map<String, String> labels = namespaces.labels(namespace);
        if (labels == null) {
            if (ownerIsIncoming) {
                return false;
            }
            labels = Map.of();
        }
        return LabelSelectors.matches(namespaceSelector, labels);
    }

    private static boolean selectorMatches(PodAffinityTerm term, Pod owner, Pod target) {
        LabelSelector selector = term.getLabelSelector();
        Map<String, String> targetLabels = labels(target);
        // a null selector matches nothing, and kube-apiserver merges no label keys into it
        if (selector == null || !LabelSelectors.matches(selector, targetLabels)) {
            return false;
        }
        List<String> matchKeys = term.getMatchLabelKeys();
        List<String> mismatchKeys = term.getMismatchLabelKeys();
        if ((matchKeys == null || matchKeys.isEmpty()) && (mismatchKeys == null || mismatchKeys.isEmpty())) {
            return true;
        }
        Map<String, String> ownerLabels = labels(owner);
        for (String key : orEmpty(matchKeys)) {
            String value = ownerLabels.get(key);
            // merged as "key In (value)"; a key the owner lacks adds nothing
            if (value != null && !value.equals(targetLabels.get(key))) {
                return false;
            }
        }
        for (String key : orEmpty(mismatchKeys)) {
            String value = ownerLabels.get(key);
            // merged as "key NotIn (value)"
            if (value != null && value.equals(targetLabels.get(key))) {
                return false;
            }
        }
        return true;
    }

    private static boolean isEmpty(LabelSelector selector) {
        return (selector.getMatchLabels() == null || selector.getMatchLabels().isEmpty())
                && (selector.getMatchExpressions() == null || selector.getMatchExpressions().isEmpty());
    }

    private static PodAffinity podAffinity(Pod pod) {
        Affinity affinity = pod.getSpec() == null ? null : pod.getSpec().getAffinity();
        return affinity == null ? null : affinity.getPodAffinity();
    }

    private static PodAntiAffinity podAntiAffinity(Pod pod) {
        Affinity affinity = pod.getSpec() == null ? null : pod.getSpec().getAffinity();
        return affinity == null ? null : affinity.getPodAntiAffinity();
    }

    static String namespace(Pod pod) {
        String namespace = pod.getMetadata().getNamespace();
        return namespace == null ? "" : namespace;
    }

    private static Map<String, String> labels(Pod pod) {
        Map<String, String> labels = pod.getMetadata().getLabels();
        return labels == null ? Map.of() : labels;
    }

    private static <T> List<T> orEmpty(List<T> list) {
        return list == null ? List.of() : list;
    }
}
