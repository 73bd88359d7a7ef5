package io.quarkube.api.events;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.MicroTime;
import io.fabric8.kubernetes.api.model.ObjectReference;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.quarkube.api.ResourceType;
import io.quarkube.api.Resources;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Objects;

/**
 * One recorded occurrence, captured when it happened (the involved object may change before it is sent), and
 * how it becomes a core/v1 Event.
 */
record Occurrence(ObjectReference involved, String component, String host, String type, String reason,
                  String message, Instant at) {
    /** metav1.Time: RFC 3339 in seconds. */
    static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss'Z'")
            .withZone(ZoneOffset.UTC);
    /** metav1.MicroTime: RFC 3339 with microseconds. */
    static final DateTimeFormatter MICRO_TIME = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSS'Z'")
            .withZone(ZoneOffset.UTC);

    static Occurrence of(HasMetadata object, String fieldPath, String component, String host, String type,
                         String reason, String message, Instant at) {
        return new Occurrence(reference(object, fieldPath), component, host, type, reason, message, at);
    }

    /** Identical occurrences (same object, source, type, reason and message) are counted on one Event. */
    Key key() {
        return new Key(involved.getUid(), involved.getKind(), involved.getNamespace(), involved.getName(),
                involved.getFieldPath(), component, host, type, reason, message);
    }

    /** Events live in the involved object's namespace; those about cluster-scoped objects in "default". */
    String namespace() {
        return involved.getNamespace() == null || involved.getNamespace().isEmpty() ? "default"
                : involved.getNamespace();
    }

    Event toEvent(String name) {
        return new EventBuilder()
                .withNewMetadata().withName(name).withNamespace(namespace()).endMetadata()
                .withInvolvedObject(involved)
                .withReason(reason)
                .withMessage(message)
                .withType(type)
                .withNewSource().withComponent(component).withHost(host).endSource()
                .withReportingComponent(component)
                .withReportingInstance(host != null ? host : component)
                .withFirstTimestamp(TIME.format(at))
                .withLastTimestamp(TIME.format(at))
                .withEventTime(new MicroTime(MICRO_TIME.format(at)))
                .withCount(1)
                .build();
    }

    /** The cached event, counted once more. */
    Event repeat(Event previous) {
        Event next = new EventBuilder(previous).build();
        next.setCount(Objects.requireNonNullElse(previous.getCount(), 1) + 1);
        next.setLastTimestamp(TIME.format(at));
        return next;
    }

    private static ObjectReference reference(HasMetadata object, String fieldPath) {
        ResourceType<?> type = Resources.ALL.stream().filter(t -> t.modelClass().isInstance(object)).findFirst()
                .orElse(null);
        String kind = object.getKind() != null ? object.getKind() : type == null ? null : type.kind();
        String apiVersion = object.getApiVersion() != null ? object.getApiVersion()
                : type == null ? null : type.apiVersion();
        var meta = object.getMetadata();
        return new ObjectReferenceBuilder().withKind(kind).withApiVersion(apiVersion)
                .withNamespace(meta.getNamespace()).withName(meta.getName()).withUid(meta.getUid())
                .withResourceVersion(meta.getResourceVersion()).withFieldPath(fieldPath).build();
    }

    record Key(String uid, String kind, String namespace, String name, String fieldPath, String component,
               String host, String type, String reason, String message) {
    }
}
