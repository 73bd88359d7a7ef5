package io.quarkube.apiserver.selection;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.quarkube.apiserver.errors.StatusException;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * The fieldSelector query parameter: {@code field=value} and {@code field!=value}, comma-joined. Supported
 * fields: metadata.name and metadata.namespace for every kind; spec.nodeName and status.phase for pods;
 * involvedObject.*, reason, reportingComponent, source and type for events (see EventFields).
 */
public final class FieldSelector {
    private final List<Term> terms;

    private FieldSelector(List<Term> terms) {
        this.terms = terms;
    }

    public static FieldSelector parse(String selector, String kind) {
        List<Term> terms = new ArrayList<>();
        if (selector != null && !selector.isBlank()) {
            for (String part : selector.split(",")) {
                boolean negated = part.contains("!=");
                String[] kv = part.split(negated ? "!=" : "==?", 2);
                if (kv.length != 2) {
                    throw StatusException.badRequest("invalid field selector: \"" + part + "\"");
                }
                terms.add(new Term(accessor(kv[0].trim(), kind), kv[1].trim(), negated));
            }
        }
        return new FieldSelector(terms);
    }

    public boolean matches(HasMetadata object) {
        return terms.stream().allMatch(t -> t.negated != t.value.equals(nullToEmpty(t.field.apply(object))));
    }

    private static Function<HasMetadata, String> accessor(String field, String kind) {
        switch (field) {
            case "metadata.name":
                return o -> o.getMetadata().getName();
            case "metadata.namespace":
                return o -> o.getMetadata().getNamespace();
            default:
                break;
        }
        if (kind.equals("Pod") && field.equals("spec.nodeName")) {
            return o -> ((Pod) o).getSpec() == null ? null : ((Pod) o).getSpec().getNodeName();
        }
        if (kind.equals("Pod") && field.equals("status.phase")) {
            return o -> ((Pod) o).getStatus() == null ? null : ((Pod) o).getStatus().getPhase();
        }
        if (kind.equals("Event")) {
            var eventField = EventFields.accessor(field);
            if (eventField.isPresent()) {
                return o -> eventField.get().apply((Event) o);
            }
        }
        throw StatusException.badRequest("\"" + field + "\" is not a known field selector: only \"metadata.name\", "
                + "\"metadata.namespace\"" + (kind.equals("Pod") ? ", \"spec.nodeName\", \"status.phase\"" : "")
                + (kind.equals("Event") ? EventFields.names().stream().map(f -> ", \"" + f + "\"")
                        .collect(java.util.stream.Collectors.joining()) : ""));
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }

    private record Term(Function<HasMetadata, String> field, String value, boolean negated) {
    }
}
