package io.quarkube.scheduler.queue;

import io.fabric8.kubernetes.api.model.Pod;

import java.time.Instant;

/**
 * A pending pod in the scheduling queue, with what the queue needs to pace its retries.
 *
 * @param attempts    scheduling attempts so far (the backoff doubles with each)
 * @param timestamp   when it last entered the backoff or unschedulable set (start of its backoff)
 * @param cycle       the scheduling cycle that popped it, to detect cluster events that happened meanwhile
 * @param lastFailure why the last attempt failed; the pod is logged again only when this changes
 * @param queuedAt    when it first entered the queue: the start of its end-to-end scheduling latency
 */
public record QueuedPod(Pod pod, int attempts, Instant timestamp, long cycle, String lastFailure, Instant queuedAt) {

    static QueuedPod of(Pod pod, Instant now) {
        return new QueuedPod(pod, 0, now, 0, null, now);
    }

    QueuedPod withPod(Pod newer) {
        return new QueuedPod(newer, attempts, timestamp, cycle, lastFailure, queuedAt);
    }

    QueuedPod popped(long schedulingCycle) {
        return new QueuedPod(pod, attempts + 1, timestamp, schedulingCycle, lastFailure, queuedAt);
    }

    QueuedPod failed(Instant now, String failure) {
        return new QueuedPod(pod, attempts, now, cycle, failure, queuedAt);
    }
}
