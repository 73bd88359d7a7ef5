package io.quarkube.scheduler.plugins.podtopologyspread;

import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;

import java.util.List;
import java.util.Map;

/**
 * A label selector compiled once per attempt into arrays, matched without streams or allocation: PreFilter
 * and PreScore run it over every pod of the cluster. Same semantics as
 * {@link io.quarkube.api.labels.LabelSelectors#matches} (null selects nothing, empty selects everything).
 */
final class PodSelector {
    private static final int IN = 0;
    private static final int NOT_IN = 1;
    private static final int EXISTS = 2;
    private static final int DOES_NOT_EXIST = 3;
    private static final int NEVER = 4;

    private final boolean nothing;
    private final String[] labelKeys;
    private final String[] labelValues;
    private final String[] exprKeys;
    private final int[] exprOps;
    private final List<?>[] exprValues;

    PodSelector(LabelSelector selector) {
        nothing = selector == null;
        Map<String, String> matchLabels = nothing || selector.getMatchLabels() == null ? Map.of() : selector.getMatchLabels();
        labelKeys = new String[matchLabels.size()];
        labelValues = new String[matchLabels.size()];
        int i = 0;
        for (Map.Entry<String, String> e : matchLabels.entrySet()) {
            labelKeys[i] = e.getKey();
            labelValues[i++] = e.getValue();
        }
        List<LabelSelectorRequirement> expressions = nothing || selector.getMatchExpressions() == null
                ? List.of() : selector.getMatchExpressions();
        exprKeys = new String[expressions.size()];
        exprOps = new int[expressions.size()];
        exprValues = new List<?>[expressions.size()];
        for (int j = 0; j < exprKeys.length; j++) {
            LabelSelectorRequirement r = expressions.get(j);
            exprKeys[j] = r.getKey();
            exprValues[j] = r.getValues() == null ? List.of() : r.getValues();
            exprOps[j] = switch (r.getOperator() == null ? "" : r.getOperator()) {
                case "In" -> IN;
                case "NotIn" -> NOT_IN;
                case "Exists" -> EXISTS;
                case "DoesNotExist" -> DOES_NOT_EXIST;
                default -> NEVER;
            };
        }
    }

    /** True if the selector has requirements (Kubernetes counts no pods for an empty one). */
    boolean hasRequirements() {
        return !nothing && (labelKeys.length > 0 || exprKeys.length > 0);
    }

    boolean matches(Map<String, String> labels) {
        if (nothing) {
            return false;
        }
        Map<String, String> actual = labels == null ? Map.of() : labels;
        for (int i = 0; i < labelKeys.length; i++) {
            if (!labelValues[i].equals(actual.get(labelKeys[i]))) {
                return false;
            }
        }
        for (int i = 0; i < exprKeys.length; i++) {
            String value = actual.get(exprKeys[i]);
            boolean ok = switch (exprOps[i]) {
                case IN -> value != null && exprValues[i].contains(value);
                case NOT_IN -> value == null || !exprValues[i].contains(value);
                case EXISTS -> value != null;
                case DOES_NOT_EXIST -> value == null;
                default -> false;
            };
            if (!ok) {
                return false;
            }
        }
        return true;
    }
}
