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

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

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

    @Override
    public Status preFilter(CycleState state, Pod pod) {
        Map<String, String> selector = pod.getSpec().getNodeSelector();
        boolean hasSelector = selector != null && !selector.isEmpty();
        List<NodeSelectorTerm> terms = requiredTerms(pod);
        if (!hasSelector && terms == null) {
            return Status.skip();
        }
        Set<String> named = terms == null ? null : namedNodes(terms);
        if (named != null) {
            if (named.isEmpty()) {
                return Status.unresolvable(REASON);
            }
            state.restrictToNodes(named, NAME);
        }
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
        return podMatchesNode(pod, nodeInfo) ? Status.success() : Status.unresolvable(REASON);
    }

    /** The pod's nodeSelector and required node affinity both accept the node (topology spread asks too). */
    public static boolean podMatchesNode(Pod pod, NodeInfo nodeInfo) {
        Map<String, String> labels = nodeInfo.labels();
        Map<String, String> selector = pod.getSpec().getNodeSelector();
        if (selector != null) {
            for (Map.Entry<String, String> e : selector.entrySet()) {
                if (!e.getValue().equals(labels.get(e.getKey()))) {
                    return false;
                }
            }
        }
        List<NodeSelectorTerm> terms = requiredTerms(pod);
        if (terms == null) {
            return true;
        }
        for (NodeSelectorTerm term : terms) {
            if (matches(term, labels, nodeInfo.name())) {
                return true;
            }
        }
        return false;
    }

    @Override
    public Status preScore(CycleState state, Pod pod, List<NodeInfo> feasibleNodes) {
        Affinity affinity = pod.getSpec().getAffinity();
        List<PreferredSchedulingTerm> preferred = affinity == null || affinity.getNodeAffinity() == null ? null
                : affinity.getNodeAffinity().getPreferredDuringSchedulingIgnoredDuringExecution();
        if (preferred == null || preferred.stream().allMatch(t -> t.getWeight() == null || t.getWeight() == 0)) {
            return Status.skip();
        }
        state.write(PREFERRED, preferred);
        return Status.success();
    }

    @Override
    @SuppressWarnings("unchecked")
    public long score(CycleState state, Pod pod, NodeInfo node) {
        long sum = 0;
        for (PreferredSchedulingTerm term : (List<PreferredSchedulingTerm>) state.read(PREFERRED, List.class)) {
            if (term.getWeight() != null && term.getPreference() != null
                    && matches(term.getPreference(), node.labels(), node.name())) {
                sum += term.getWeight();
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

    private static List<NodeSelectorTerm> requiredTerms(Pod pod) {
        Affinity affinity = pod.getSpec().getAffinity();
        if (affinity == null || affinity.getNodeAffinity() == null
                || affinity.getNodeAffinity().getRequiredDuringSchedulingIgnoredDuringExecution() == null) {
            return null;
        }
        return affinity.getNodeAffinity().getRequiredDuringSchedulingIgnoredDuringExecution().getNodeSelectorTerms();
    }

    /** A term with neither expressions nor fields matches nothing, as in Kubernetes. */
    public static boolean matches(NodeSelectorTerm term, Map<String, String> labels, String nodeName) {
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
