package io.quarkube.apiserver.selection;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.ObjectReference;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The field selectors Kubernetes supports for core/v1 Events (pkg/registry/core/event/strategy.go), which
 * {@code kubectl describe} uses to list an object's events: involvedObject.*, reason, reportingComponent, source
 * (the source component) and type.
 */
final class EventFields {
    private static final Map<String, Function<Event, String>> FIELDS = new LinkedHashMap<>();

    static {
        FIELDS.put("involvedObject.kind", e -> ref(e, ObjectReference::getKind));
        FIELDS.put("involvedObject.namespace", e -> ref(e, ObjectReference::getNamespace));
        FIELDS.put("involvedObject.name", e -> ref(e, ObjectReference::getName));
        FIELDS.put("involvedObject.uid", e -> ref(e, ObjectReference::getUid));
        FIELDS.put("involvedObject.apiVersion", e -> ref(e, ObjectReference::getApiVersion));
        FIELDS.put("involvedObject.resourceVersion", e -> ref(e, ObjectReference::getResourceVersion));
        FIELDS.put("involvedObject.fieldPath", e -> ref(e, ObjectReference::getFieldPath));
        FIELDS.put("reason", Event::getReason);
        FIELDS.put("reportingComponent", Event::getReportingComponent);
        FIELDS.put("source", e -> e.getSource() == null ? null : e.getSource().getComponent());
        FIELDS.put("type", Event::getType);
    }

    private EventFields() {
    }

    static Optional<Function<Event, String>> accessor(String field) {
        return Optional.ofNullable(FIELDS.get(field));
    }

    static List<String> names() {
        return List.copyOf(FIELDS.keySet());
    }

    private static String ref(Event event, Function<ObjectReference, String> field) {
        return event.getInvolvedObject() == null ? null : field.apply(event.getInvolvedObject());
    }
}
