package io.quarkube.api.events;

import io.fabric8.kubernetes.api.model.HasMetadata;

/**
 * Records Kubernetes Events about an object, as client-go's {@code record.EventRecorder}: what {@code kubectl
 * describe} lists under "Events". Recording never blocks and never fails; delivery is best effort.
 */
public interface EventRecorder {
    String NORMAL = "Normal";
    String WARNING = "Warning";

    /**
     * Records one occurrence. {@code fieldPath} names the part of the object the event is about (e.g.
     * {@code spec.containers{c}} for a container), or is null for the whole object.
     */
    void event(HasMetadata involved, String fieldPath, String type, String reason, String message);

    default void normal(HasMetadata involved, String reason, String message) {
        event(involved, null, NORMAL, reason, message);
    }

    default void warning(HasMetadata involved, String reason, String message) {
        event(involved, null, WARNING, reason, message);
    }

    /** The same recorder, reporting {@code source.host} (the kubelet names the node it acts for). */
    EventRecorder withHost(String host);

    /** A recorder that drops everything (tests, or components that record nothing). */
    static EventRecorder discarding() {
        return new EventRecorder() {
            @Override
            public void event(HasMetadata involved, String fieldPath, String type, String reason, String message) {
            }

            @Override
            public EventRecorder withHost(String host) {
                return this;
            }
        };
    }
}
