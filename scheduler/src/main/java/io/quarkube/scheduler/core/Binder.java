package io.quarkube.scheduler.core;

import io.fabric8.kubernetes.api.model.Pod;

/**
 * Posts the pod's Binding. The api-server binds a pod at most once (a second binding is 409), which is what
 * makes scheduling exactly-once even when an event is delivered twice.
 */
@FunctionalInterface
public interface Binder {
    void bind(Pod pod, String nodeName);
}
