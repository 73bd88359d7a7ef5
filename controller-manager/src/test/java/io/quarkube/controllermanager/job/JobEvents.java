package io.quarkube.controllermanager.job;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.quarkube.api.events.EventRecorder;

import java.util.Collections;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Records events as "Type Reason: message". */
final class JobEvents implements EventRecorder {
    final List<String> events = new CopyOnWriteArrayList<>();

    @Override
    public void event(HasMetadata involved, String fieldPath, String type, String reason, String message) {
        events.add(type + " " + reason + ": " + message);
    }

    @Override
    public EventRecorder withHost(String host) {
        return this;
    }

    List<String> reasons() {
        return Collections.unmodifiableList(events.stream().map(e -> e.substring(e.indexOf(' ') + 1, e.indexOf(':')))
                .toList());
    }
}
