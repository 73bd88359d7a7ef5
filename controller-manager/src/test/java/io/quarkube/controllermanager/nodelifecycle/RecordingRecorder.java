package io.quarkube.controllermanager.nodelifecycle;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.quarkube.api.events.EventRecorder;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Keeps events as "Kind name type reason: message" lines. */
final class RecordingRecorder implements EventRecorder {
    final List<String> events = Collections.synchronizedList(new ArrayList<>());

    @Override
    public void event(HasMetadata involved, String fieldPath, String type, String reason, String message) {
        events.add(involved.getClass().getSimpleName() + " " + involved.getMetadata().getName() + " " + type + " "
                + reason + ": " + message);
    }

    @Override
    public EventRecorder withHost(String host) {
        return this;
    }
}
