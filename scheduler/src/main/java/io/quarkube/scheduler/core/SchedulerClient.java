package io.quarkube.scheduler.core;

import io.fabric8.kubernetes.api.model.Pod;

/**
 * The scheduler's only writes to the API. The api-server binds a pod at most once (a second binding is 409),
 * which is what makes scheduling exactly-once even with a duplicated event or two schedulers at a failover.
 */
public interface SchedulerClient {
    /** Posts the pod's Binding to the node. */
    void bind(Pod pod, String nodeName);

    /** Sets the pod's PodScheduled condition to False, reason Unschedulable, with the fit error's message. */
    void markUnschedulable(Pod pod, String message);
}
