package io.quarkube.apiserver.registry;

import io.fabric8.kubernetes.api.model.Event;
import io.quarkube.api.Resources;
import io.quarkube.apiserver.validation.FieldErrors;
import jakarta.enterprise.context.ApplicationScoped;

/** core/v1 Events: what components record about objects (kubectl describe lists them). */
@ApplicationScoped
public class EventStrategy extends DataOnlyStrategy<Event> {

    public EventStrategy() {
        super(Resources.EVENTS);
    }

    @Override
    public void validate(Event event, FieldErrors errors) {
        if (event.getInvolvedObject() == null) {
            errors.required("involvedObject");
        }
        if (event.getType() != null && !event.getType().equals("Normal") && !event.getType().equals("Warning")) {
            errors.notSupported("type", event.getType(), java.util.List.of("Normal", "Warning"));
        }
    }
}
