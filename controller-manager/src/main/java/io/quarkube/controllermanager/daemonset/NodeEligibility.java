package io.quarkube.controllermanager.daemonset;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeSelectorRequirement;
import io.fabric8.kubernetes.api.model.NodeSelectorTerm;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Taint;
import io.fabric8.kubernetes.api.model.Toleration;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.quarkube.api.json.Json;

import java.util.List;
import java.util.Map;

/**
 * Kubernetes' NodeShouldRunDaemonPod for one DaemonSet, compiled once per sync (a sync asks it of every node):
 * the template's nodeName, nodeSelector and required node affinity must fit the node, and its NoSchedule and
 * NoExecute taints must be tolerated by the template's tolerations plus the ones every DaemonSet pod gets.
 */
final class NodeEligibility {
    /**
     * @param shouldRun             a pod should be created there if it has none
     * @param shouldContinueRunning a pod already there may stay (only untolerated NoExecute taints evict it)
     */
    record Decision(boolean shouldRun, boolean shouldContinueRunning) {
    }

    private static final Decision NO = new Decision(false, false);
    private static final Decision YES = new Decision(true, true);

    private final String nodeName;
    private final Map<String, String> nodeSelector;
    private final List<NodeSelectorTerm> requiredTerms;
    private final List<Toleration> tolerations;

    private NodeEligibility(PodSpec spec) {
        this.nodeName = spec.getNodeName();
        this.nodeSelector = spec.getNodeSelector() == null ? Map.of() : spec.getNodeSelector();
        var affinity = spec.getAffinity();
        this.requiredTerms = affinity == null || affinity.getNodeAffinity() == null
                || affinity.getNodeAffinity().getRequiredDuringSchedulingIgnoredDuringExecution() == null ? null
                : nonNull(affinity.getNodeAffinity().getRequiredDuringSchedulingIgnoredDuringExecution()
                .getNodeSelectorTerms());
        this.tolerations = spec.getTolerations() == null ? List.of() : spec.getTolerations();
    }

    static NodeEligibility of(DaemonSet ds) {
        PodSpec spec = ds.getSpec().getTemplate() == null || ds.getSpec().getTemplate().getSpec() == null
                ? new PodSpec() : Json.copy(ds.getSpec().getTemplate().getSpec(), PodSpec.class);
        DaemonPods.addDefaultTolerations(spec);
        return new NodeEligibility(spec);
    }

    Decision decide(Node node) {
        String name = node.getMetadata().getName();
        if (nodeName != null && !nodeName.isEmpty() && !nodeName.equals(name)) {
            return NO;
        }
        Map<String, String> labels = node.getMetadata().getLabels() == null ? Map.of() : node.getMetadata().getLabels();
        if (!fitsSelector(labels) || !fitsAffinity(labels, name)) {
            return NO;
        }
        List<Taint> taints = node.getSpec() == null || node.getSpec().getTaints() == null ? List.of()
                : node.getSpec().getTaints();
        boolean untoleratedNoSchedule = false;
        boolean untoleratedNoExecute = false;
        for (Taint taint : taints) {
            boolean noExecute = "NoExecute".equals(taint.getEffect());
            if ((noExecute || "NoSchedule".equals(taint.getEffect())) && !tolerated(taint)) {
                untoleratedNoExecute |= noExecute;
                untoleratedNoSchedule |= !noExecute;
            }
        }
        if (untoleratedNoSchedule || untoleratedNoExecute) {
            return new Decision(false, !untoleratedNoExecute);
        }
        return YES;
    }

    private boolean fitsSelector(Map<String, String> labels) {
        for (Map.Entry<String, String> e : nodeSelector.entrySet()) {
            if (!e.getValue().equals(labels.get(e.getKey()))) {
                return false;
            }
        }
        return true;
    }

    /** One term must match; a term's requirements all hold; an empty term matches nothing. */
    private boolean fitsAffinity(Map<String, String> labels, String name) {
        if (requiredTerms == null) {
            return true;
        }
        for (NodeSelectorTerm term : requiredTerms) {
            List<NodeSelectorRequirement> expressions = nonNull(term.getMatchExpressions());
            List<NodeSelectorRequirement> fields = nonNull(term.getMatchFields());
            if (expressions.isEmpty() && fields.isEmpty()) {
                continue;
            }
            boolean all = expressions.stream().allMatch(r -> matches(r, labels.get(r.getKey())));
            all &= fields.stream().allMatch(r -> matches(r, DaemonPods.NODE_NAME_FIELD.equals(r.getKey()) ? name : null));
            if (all) {
                return true;
            }
        }
        return false;
    }

    private static boolean matches(NodeSelectorRequirement r, String value) {
        List<String> values = nonNull(r.getValues());
        return switch (r.getOperator() == null ? "" : r.getOperator()) {
            case "In" -> value != null && values.contains(value);
            case "NotIn" -> value == null || !values.contains(value);
            case "Exists" -> value != null;
            case "DoesNotExist" -> value == null;
            case "Gt" -> compare(value, values) > 0;
            case "Lt" -> compare(value, values) < 0;
            default -> false;
        };
    }

    /** Gt/Lt: the label and the single value as integers; anything else never matches (0). */
    private static int compare(String value, List<String> values) {
        if (value == null || values.size() != 1) {
            return 0;
        }
        try {
            return Long.compare(Long.parseLong(value), Long.parseLong(values.get(0)));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private boolean tolerated(Taint taint) {
        for (Toleration t : tolerations) {
            if (tolerates(t, taint)) {
                return true;
            }
        }
        return false;
    }

    /** Toleration.ToleratesTaint: empty effect or key match any; Exists ignores the value, Equal compares it. */
    static boolean tolerates(Toleration t, Taint taint) {
        if (t.getEffect() != null && !t.getEffect().isEmpty() && !t.getEffect().equals(taint.getEffect())) {
            return false;
        }
        if (t.getKey() != null && !t.getKey().isEmpty() && !t.getKey().equals(taint.getKey())) {
            return false;
        }
        String operator = t.getOperator() == null ? "" : t.getOperator();
        return switch (operator) {
            case "", "Equal" -> empty(t.getValue()).equals(empty(taint.getValue()));
            case "Exists" -> true;
            default -> false;
        };
    }

    private static String empty(String s) {
        return s == null ? "" : s;
    }

    private static <T> List<T> nonNull(List<T> list) {
        return list == null ? List.of() : list;
    }
}
