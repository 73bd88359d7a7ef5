package io.quarkube.kubelet.prober;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.quarkube.api.events.EventRecorder;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Records events as "Type Reason fieldPath: message". */
final class EventLog implements EventRecorder {
    final List<String> events = new CopyOnWriteArrayList<>();

    @Override
    public void event(HasMetadata involved, String fieldPath, String type, String reason, String message) {
        events.add(type + " " + reason + " " + fieldPath + ": " + message);
    }

    @Override
    public EventRecorder withHost(String host) {
        return this;
    }

    long count(String text) {
        return events.stream().filter(e -> e.contains(text)).count();
    }
}
