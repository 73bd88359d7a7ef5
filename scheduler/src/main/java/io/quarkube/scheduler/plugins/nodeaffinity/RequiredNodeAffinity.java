package io.quarkube.scheduler.plugins.nodeaffinity;

import io.fabric8.kubernetes.api.model.Affinity;
import io.fabric8.kubernetes.api.model.NodeSelectorTerm;
import io.fabric8.kubernetes.api.model.Pod;
import io.quarkube.scheduler.framework.NodeInfo;

import java.util.List;
import java.util.Map;

/**
 * What a pod requires of a node's labels, compiled once: {@code spec.nodeSelector} (every pair present) and the
 * required node affinity (one of its terms matches). Kubernetes' nodeaffinity.RequiredNodeAffinity.
 */
public final class RequiredNodeAffinity {
    private final String[] selectorKeys;
    private final String[] selectorValues;
    /** Null when the pod has no required node affinity (any node passes that part). */
    private final NodeSelectorTerms.Term[] terms;

    private RequiredNodeAffinity(Map<String, String> nodeSelector, List<NodeSelectorTerm> requiredTerms) {
        Map<String, String> selector = nodeSelector == null ? Map.of() : nodeSelector;
        selectorKeys = selector.keySet().toArray(String[]::new);
        selectorValues = new String[selectorKeys.length];
        for (int i = 0; i < selectorKeys.length; i++) {
            selectorValues[i] = selector.get(selectorKeys[i]);
        }
        terms = requiredTerms == null ? null
                : requiredTerms.stream().map(NodeSelectorTerms::compile).toArray(NodeSelectorTerms.Term[]::new);
    }

    public static RequiredNodeAffinity of(Pod pod) {
        return new RequiredNodeAffinity(pod.getSpec().getNodeSelector(), requiredTerms(pod));
    }

    /** True if the pod has neither a nodeSelector nor required node affinity. */
    public boolean isEmpty() {
        return selectorKeys.length == 0 && terms == null;
    }

    public boolean matches(NodeInfo node) {
        Map<String, String> labels = node.labels();
        for (int i = 0; i < selectorKeys.length; i++) {
            if (!selectorValues[i].equals(labels.get(selectorKeys[i]))) {
                return false;
            }
        }
        if (terms == null) {
            return true;
        }
        for (NodeSelectorTerms.Term term : terms) {
            if (term.matches(labels, node.name())) {
                return true;
            }
        }
        return false;
    }

    static List<NodeSelectorTerm> requiredTerms(Pod pod) {
        Affinity affinity = pod.getSpec().getAffinity();
        if (affinity == null || affinity.getNodeAffinity() == null
                || affinity.getNodeAffinity().getRequiredDuringSchedulingIgnoredDuringExecution() == null) {
            return null;
        }
        List<NodeSelectorTerm> terms = affinity.getNodeAffinity().getRequiredDuringSchedulingIgnoredDuringExecution()
                .getNodeSelectorTerms();
        return terms == null ? List.of() : terms;
    }
}
