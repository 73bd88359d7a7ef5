package io.quarkube.controllermanager.cronjob;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.quarkube.api.events.EventRecorder;

import java.util.ArrayList;
import java.util.List;

/** Events as "Type Reason: message" lines. */
final class RecordedEvents implements EventRecorder {
    final List<String> lines = new ArrayList<>();

    @Override
    public void event(HasMetadata involved, String fieldPath, String type, String reason, String message) {
        lines.add(type + " " + reason + ": " + message);
    }

    @Override
    public EventRecorder withHost(String host) {
        return this;
    }

    List<String> reasons() {
        return lines.stream().map(l -> l.substring(l.indexOf(' ') + 1, l.indexOf(':'))).toList();
    }
}
