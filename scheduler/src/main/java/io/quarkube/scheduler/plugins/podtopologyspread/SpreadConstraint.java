package io.quarkube.scheduler.plugins.podtopologyspread;

import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.TopologySpreadConstraint;
import io.quarkube.scheduler.framework.PodInfo;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One of the pod's topology spread constraints, with defaults applied and matchLabelKeys merged into the
 * selector (Kubernetes' internal topologySpreadConstraint, built by filterTopologySpreadConstraints).
 */
record SpreadConstraint(int maxSkew, String topologyKey, LabelSelector selector, int minDomains,
                        boolean honorNodeAffinity, boolean honorTaints, PodSelector podSelector) {
    static final String DO_NOT_SCHEDULE = "DoNotSchedule";
    static final String SCHEDULE_ANYWAY = "ScheduleAnyway";
    static final String HOSTNAME = "kubernetes.io/hostname";

    /** The pod's constraints with this whenUnsatisfiable action, in spec order; empty if none. */
    static List<SpreadConstraint> of(Pod pod, String action) {
        List<TopologySpreadConstraint> specs = pod.getSpec() == null ? null : pod.getSpec().getTopologySpreadConstraints();
        if (specs == null || specs.isEmpty()) {
            return List.of();
        }
        Map<String, String> podLabels = pod.getMetadata().getLabels() == null ? Map.of() : pod.getMetadata().getLabels();
        List<SpreadConstraint> result = new ArrayList<>(specs.size());
        for (TopologySpreadConstraint c : specs) {
            if (!action.equals(c.getWhenUnsatisfiable())) {
                continue;
            }
            LabelSelector selector = withMatchLabelKeys(c.getLabelSelector(), c.getMatchLabelKeys(), podLabels);
            result.add(new SpreadConstraint(
                    c.getMaxSkew() == null ? 1 : c.getMaxSkew(),
                    c.getTopologyKey(),
                    selector,
                    c.getMinDomains() == null ? 1 : c.getMinDomains(),
                    !"Ignore".equals(c.getNodeAffinityPolicy()),
                    "Honor".equals(c.getNodeTaintsPolicy()),
                    new PodSelector(selector)));
        }
        return result;
    }

    /** True if the pod has at least one constraint with this action; no allocation (the O(1) skip path). */
    static boolean any(Pod pod, String action) {
        List<TopologySpreadConstraint> specs = pod.getSpec() == null ? null : pod.getSpec().getTopologySpreadConstraints();
        if (specs == null) {
            return false;
        }
        for (int i = 0; i < specs.size(); i++) {
            if (action.equals(specs.get(i).getWhenUnsatisfiable())) {
                return true;
            }
        }
        return false;
    }

    /**
     * Adds "key In (the pod's value)" for each matchLabelKey the pod carries, ANDed with the selector as
     * Kubernetes' mergeLabelSetWithSelector does. A null selector selects nothing and stays so.
     */
    static LabelSelector withMatchLabelKeys(LabelSelector selector, List<String> keys, Map<String, String> podLabels) {
        if (selector == null || keys == null || keys.isEmpty()) {
            return selector;
        }
        List<LabelSelectorRequirement> expressions = new ArrayList<>();
        if (selector.getMatchExpressions() != null) {
            expressions.addAll(selector.getMatchExpressions());
        }
        int before = expressions.size();
        for (String key : keys) {
            String value = podLabels.get(key);
            if (value != null) {
                expressions.add(new LabelSelectorRequirement(key, "In", List.of(value)));
            }
        }
        if (expressions.size() == before) {
            return selector;
        }
        Map<String, String> matchLabels = selector.getMatchLabels() == null ? null : new HashMap<>(selector.getMatchLabels());
        return new LabelSelector(expressions, matchLabels);
    }

    /** Whether a pod with these labels is selected (the incoming pod's self-match uses this). */
    boolean selects(Map<String, String> labels) {
        return podSelector.matches(labels);
    }

    /**
     * Kubernetes' countPodsMatchSelector quirk: an empty selector ({}) selects everything but counts no pod,
     * so such a constraint never rejects a node.
     */
    boolean countsPods() {
        return podSelector.hasRequirements();
    }

    /**
     * The pods on a node that count toward this constraint: same namespace as the incoming pod, not terminating
     * (Kubernetes #87621), selected by the selector.
     */
    int countMatching(List<PodInfo> pods, String namespace) {
        if (!countsPods()) {
            return 0;
        }
        int count = 0;
        for (int i = 0; i < pods.size(); i++) {
            if (counts(pods.get(i).pod(), namespace)) {
                count++;
            }
        }
        return count;
    }

    /** Whether this one pod counts (see {@link #countMatching}; the caller checks {@link #countsPods} first). */
    boolean counts(Pod pod, String namespace) {
        return pod.getMetadata().getDeletionTimestamp() == null
                && Objects.equals(namespace, pod.getMetadata().getNamespace())
                && podSelector.matches(pod.getMetadata().getLabels());
    }

    boolean isHostname() {
        return HOSTNAME.equals(topologyKey);
    }
}
