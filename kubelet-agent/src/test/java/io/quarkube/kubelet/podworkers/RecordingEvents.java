package io.quarkube.kubelet.podworkers;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.quarkube.api.events.EventRecorder;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Records events as "host type reason fieldPath: message". */
final class RecordingEvents implements EventRecorder {
    final List<String> events;
    private final String host;

    RecordingEvents() {
        this(new CopyOnWriteArrayList<>(), null);
    }

    private RecordingEvents(List<String> events, String host) {
        this.events = events;
        this.host = host;
    }

    @Override
    public void event(HasMetadata involved, String fieldPath, String type, String reason, String message) {
        events.add(host + " " + type + " " + reason + " " + fieldPath + ": " + message);
    }

    @Override
    public EventRecorder withHost(String newHost) {
        return new RecordingEvents(events, newHost);
    }

    boolean has(String reason) {
        return events.stream().anyMatch(e -> e.split(" ")[2].equals(reason));
    }
}
