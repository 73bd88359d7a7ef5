package io.quarkube.api.labels;

import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;

import java.util.List;
import java.util.Map;

/**
 * metav1.LabelSelector matching: matchLabels and matchExpressions (In, NotIn, Exists, DoesNotExist) all hold.
 * A null selector matches nothing; an empty one matches everything, as in Kubernetes.
 */
public final class LabelSelectors {
    private LabelSelectors() {
    }

    public static boolean matches(LabelSelector selector, Map<String, String> labels) {
        if (selector == null) {
            return false;
        }
        Map<String, String> actual = labels == null ? Map.of() : labels;
        if (selector.getMatchLabels() != null && !selector.getMatchLabels().entrySet().stream()
                .allMatch(e -> e.getValue().equals(actual.get(e.getKey())))) {
            return false;
        }
        List<LabelSelectorRequirement> expressions = selector.getMatchExpressions();
        return expressions == null || expressions.stream().allMatch(r -> matches(r, actual));
    }

    private static boolean matches(LabelSelectorRequirement requirement, Map<String, String> labels) {
        String value = labels.get(requirement.getKey());
        List<String> values = requirement.getValues() == null ? List.of() : requirement.getValues();
        return switch (requirement.getOperator()) {
            case "In" -> value != null && values.contains(value);
            case "NotIn" -> value == null || !values.contains(value);
            case "Exists" -> value != null;
            case "DoesNotExist" -> value == null;
            default -> false;
        };
    }
}
