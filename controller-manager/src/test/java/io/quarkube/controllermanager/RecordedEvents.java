package io.quarkube.controllermanager;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.quarkube.api.events.EventRecorder;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** An EventRecorder that keeps the events as "Type Reason: message" lines, in the order they were recorded. */
public final class RecordedEvents implements EventRecorder {
    public final List<String> lines = new CopyOnWriteArrayList<>();

    @Override
    public void event(HasMetadata involved, String fieldPath, String type, String reason, String message) {
        lines.add(type + " " + reason + ": " + message);
    }

    @Override
    public EventRecorder withHost(String host) {
        return this;
    }

    /** The reasons alone, in order. */
    public List<String> reasons() {
        return lines.stream().map(l -> l.substring(l.indexOf(' ') + 1, l.indexOf(':'))).toList();
    }
}
