package io.quarkube.scheduler.plugins.nodeselector;

import io.fabric8.kubernetes.api.model.Affinity;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeSelectorRequirement;
import io.fabric8.kubernetes.api.model.NodeSelectorTerm;
import io.fabric8.kubernetes.api.model.Pod;
import io.quarkube.scheduler.framework.CycleState;
import io.quarkube.scheduler.framework.FilterPlugin;
import io.quarkube.scheduler.framework.NodeInfo;
import io.quarkube.scheduler.framework.Status;

import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * {@code spec.nodeSelector} must be a subset of the node's labels, and one of the terms of the required node
 * affinity (if any) must match: its expressions on labels and its fields (only metadata.name exists) all hold.
 */
public final class NodeSelector implements FilterPlugin {
    public static final String NAME = "NodeSelector";
    public static final String REASON = "node(s) didn't match Pod's node affinity/selector";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Status filter(CycleState state, Pod pod, NodeInfo nodeInfo) {
        Node node = nodeInfo.node();
        Map<String, String> labels = node.getMetadata().getLabels() == null ? Map.of() : node.getMetadata().getLabels();
        Map<String, String> selector = pod.getSpec().getNodeSelector();
        if (selector != null && !selector.entrySet().stream()
                .allMatch(e -> e.getValue().equals(labels.get(e.getKey())))) {
            return Status.unresolvable(REASON);
        }
        List<NodeSelectorTerm> terms = requiredTerms(pod);
        if (terms != null && terms.stream().noneMatch(t -> matches(t, labels, node.getMetadata().getName()))) {
            return Status.unresolvable(REASON);
        }
        return Status.success();
    }

    private static List<NodeSelectorTerm> requiredTerms(Pod pod) {
        Affinity affinity = pod.getSpec().getAffinity();
        if (affinity == null || affinity.getNodeAffinity() == null
                || affinity.getNodeAffinity().getRequiredDuringSchedulingIgnoredDuringExecution() == null) {
            return null;
        }
        return affinity.getNodeAffinity().getRequiredDuringSchedulingIgnoredDuringExecution().getNodeSelectorTerms();
    }

    /** A term with neither expressions nor fields matches nothing, as in Kubernetes. */
    static boolean matches(NodeSelectorTerm term, Map<String, String> labels, String nodeName) {
        List<NodeSelectorRequirement> expressions = orEmpty(term.getMatchExpressions());
        List<NodeSelectorRequirement> fields = orEmpty(term.getMatchFields());
        if (expressions.isEmpty() && fields.isEmpty()) {
            return false;
        }
        Map<String, String> nodeFields = Map.of("metadata.name", nodeName);
        return expressions.stream().allMatch(r -> matches(r, labels::get))
                && fields.stream().allMatch(r -> matches(r, nodeFields::get));
    }

    static boolean matches(NodeSelectorRequirement requirement, Function<String, String> lookup) {
        String value = lookup.apply(requirement.getKey());
        List<String> values = orEmpty(requirement.getValues());
        return switch (requirement.getOperator()) {
            case "In" -> value != null && values.contains(value);
            case "NotIn" -> value == null || !values.contains(value);
            case "Exists" -> value != null;
            case "DoesNotExist" -> value == null;
            case "Gt" -> compare(value, values) > 0;
            case "Lt" -> compare(value, values) < 0;
            default -> false;
        };
    }

    /** Gt/Lt compare the label as an integer with the single value; anything unparsable never matches. */
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

    private static <T> List<T> orEmpty(List<T> list) {
        return list == null ? List.of() : list;
    }
}
