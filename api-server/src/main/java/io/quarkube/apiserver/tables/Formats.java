package io.quarkube.apiserver.tables;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/** The cell helpers printers.go shares between kinds, with Go's zero values for fabric8's nulls. */
final class Formats {
    static final String NONE = "<none>";

    private Formats() {
    }

    static String str(String value) {
        return value == null ? "" : value;
    }

    static long num(Integer value) {
        return value == null ? 0 : value;
    }

    static <E> List<E> list(List<E> value) {
        return value == null ? List.of() : value;
    }

    /** labels.FormatLabels: sorted "k=v,k2=v2", "&lt;none&gt;" when empty. */
    static String labels(Map<String, String> labels) {
        if (labels == null || labels.isEmpty()) {
            return NONE;
        }
        return new TreeMap<>(labels).entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining(","));
    }

    /** metav1.FormatLabelSelector: the selector string, "&lt;none&gt;" when it selects everything or nothing. */
    static String formatSelector(LabelSelector selector) {
        try {
            String text = selector(selector);
            return text.isEmpty() ? NONE : text;
        } catch (IllegalArgumentException e) {
            return "<error>";
        }
    }

    /**
     * metav1.LabelSelectorAsSelector(s).String(): requirements sorted by key, "k=v", "k in (a,b)",
     * "k notin (a,b)", "k", "!k". Throws IllegalArgumentException for an unknown operator.
     */
    static String selector(LabelSelector selector) {
        if (selector == null) {
            return "";
        }
        record Requirement(String key, String text) {
        }
        List<Requirement> requirements = new ArrayList<>();
        if (selector.getMatchLabels() != null) {
            selector.getMatchLabels().forEach((k, v) -> requirements.add(new Requirement(k, k + "=" + v)));
        }
        for (LabelSelectorRequirement r : list(selector.getMatchExpressions())) {
            String key = r.getKey();
            String values = "(" + list(r.getValues()).stream().sorted().collect(Collectors.joining(",")) + ")";
            String text = switch (str(r.getOperator())) {
                case "In" -> key + " in " + values;
                case "NotIn" -> key + " notin " + values;
                case "Exists" -> key;
                case "DoesNotExist" -> "!" + key;
                default -> throw new IllegalArgumentException(r.getOperator() + " is not a valid label selector operator");
            };
            requirements.add(new Requirement(key, text));
        }
        return requirements.stream().sorted(Comparator.comparing(Requirement::key)).map(Requirement::text)
                .collect(Collectors.joining(","));
    }

    /** layoutContainerCells: container names and images, each comma-joined. */
    static List<String> containers(PodTemplateSpec template) {
        List<Container> containers = template == null || template.getSpec() == null ? List.of()
                : list(template.getSpec().getContainers());
        return List.of(containers.stream().map(c -> str(c.getName())).collect(Collectors.joining(",")),
                containers.stream().map(c -> str(c.getImage())).collect(Collectors.joining(",")));
    }

    /** printBoolPtr: "True", "False" or "&lt;unset&gt;". */
    static String bool(Boolean value) {
        return value == null ? "<unset>" : value ? "True" : "False";
    }

    /** helper.GetAccessModesAsString: RWO, ROX, RWX, RWOP in that order, without duplicates. */
    static String accessModes(List<String> modes) {
        List<String> out = new ArrayList<>();
        List<String> given = list(modes);
        if (given.contains("ReadWriteOnce")) {
            out.add("RWO");
        }
        if (given.contains("ReadOnlyMany")) {
            out.add("ROX");
        }
        if (given.contains("ReadWriteMany")) {
            out.add("RWX");
        }
        if (given.contains("ReadWriteOncePod")) {
            out.add("RWOP");
        }
        return String.join(",", out);
    }
}
