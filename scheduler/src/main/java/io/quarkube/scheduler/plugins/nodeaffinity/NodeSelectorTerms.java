package io.quarkube.scheduler.plugins.nodeaffinity;

import io.fabric8.kubernetes.api.model.NodeSelectorRequirement;
import io.fabric8.kubernetes.api.model.NodeSelectorTerm;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Node selector terms compiled once per scheduling attempt (Kubernetes' nodeaffinity.NodeSelector does the
 * same): a Filter then costs a label lookup and a set probe per requirement and node, instead of walking the
 * fabric8 objects. Semantics: the requirements of a term are ANDed; a term with neither expressions nor fields
 * matches nothing; fields know only metadata.name; Gt/Lt compare the label as an integer with the single value.
 */
final class NodeSelectorTerms {
    private NodeSelectorTerms() {
    }

    private enum Operator { IN, NOT_IN, EXISTS, DOES_NOT_EXIST, GT, LT, INVALID }

    private record Requirement(String key, Operator operator, Set<String> values, Long number) {
        boolean matches(String value) {
            return switch (operator) {
                case IN -> value != null && values.contains(value);
                case NOT_IN -> value == null || !values.contains(value);
                case EXISTS -> value != null;
                case DOES_NOT_EXIST -> value == null;
                case GT -> compare(value) > 0;
                case LT -> compare(value) < 0;
                case INVALID -> false;
            };
        }

        /** 0 (never matches Gt or Lt) when the label or the value is not an integer. */
        private int compare(String value) {
            if (value == null || number == null) {
                return 0;
            }
            try {
                return Long.compare(Long.parseLong(value), number);
            } catch (NumberFormatException e) {
                return 0;
            }
        }
    }

    /** One compiled term. */
    record Term(Requirement[] expressions, Requirement[] fields) {
        boolean matches(Map<String, String> labels, String nodeName) {
            if (expressions.length == 0 && fields.length == 0) {
                return false;
            }
            for (Requirement r : expressions) {
                if (!r.matches(labels.get(r.key()))) {
                    return false;
                }
            }
            for (Requirement r : fields) {
                if (!r.matches("metadata.name".equals(r.key()) ? nodeName : null)) {
                    return false;
                }
            }
            return true;
        }
    }

    static Term compile(NodeSelectorTerm term) {
        return new Term(compile(term.getMatchExpressions()), compile(term.getMatchFields()));
    }

    private static Requirement[] compile(List<NodeSelectorRequirement> requirements) {
        if (requirements == null) {
            return new Requirement[0];
        }
        Requirement[] compiled = new Requirement[requirements.size()];
        for (int i = 0; i < compiled.length; i++) {
            NodeSelectorRequirement r = requirements.get(i);
            List<String> values = r.getValues() == null ? List.of() : r.getValues();
            compiled[i] = new Requirement(r.getKey(), operator(r.getOperator()), new HashSet<>(values),
                    values.size() == 1 ? parseLong(values.get(0)) : null);
        }
        return compiled;
    }

    private static Operator operator(String operator) {
        if (operator == null) {
            return Operator.INVALID;
        }
        return switch (operator) {
            case "In" -> Operator.IN;
            case "NotIn" -> Operator.NOT_IN;
            case "Exists" -> Operator.EXISTS;
            case "DoesNotExist" -> Operator.DOES_NOT_EXIST;
            case "Gt" -> Operator.GT;
            case "Lt" -> Operator.LT;
            default -> Operator.INVALID;
        };
    }

    private static Long parseLong(String value) {
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
