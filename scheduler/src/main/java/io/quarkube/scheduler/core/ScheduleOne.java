package io.quarkube.scheduler.core;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.quarkube.api.client.ApiException;
import io.quarkube.api.events.EventRecorder;
import io.quarkube.scheduler.cache.SchedulerCache;
import io.quarkube.scheduler.core.SchedulerMetrics.Result;
import io.quarkube.scheduler.framework.PodInfo;
import io.quarkube.scheduler.framework.Pods;
import io.quarkube.scheduler.framework.Snapshot;
import io.quarkube.scheduler.queue.QueuedPod;
import io.quarkube.scheduler.queue.SchedulingQueue;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

/**
 * One pod's trip through the scheduler. The scheduling cycle (one thread, in order) picks a node and assumes
 * the pod there in the cache, so the next pod already sees it; the binding cycle runs on the bind executor and
 * posts the Binding. A failed binding forgets the assumption; a 409 means the pod is bound already and is dropped.
 * A pod that fits nowhere gets kube-scheduler's PodScheduled=False/Unschedulable condition and a FailedScheduling
 * Event (both once per distinct message); Scheduled is recorded after a binding.
 */
public final class ScheduleOne {
    private static final Logger LOG = Logger.getLogger(ScheduleOne.class);

    private final SchedulingQueue queue;
    private final SchedulerCache cache;
    private final SchedulingAlgorithm algorithm;
    private final SchedulerClient client;
    private final Executor bindExecutor;
    private final EventRecorder events;
    private final SchedulerMetrics metrics;
    private final Clock clock;
    /** The nodes as the scheduling thread last saw them; brought up to date before each cycle. */
    private final Snapshot snapshot = Snapshot.of(List.of());

    public ScheduleOne(SchedulingQueue queue, SchedulerCache cache, SchedulingAlgorithm algorithm,
                       SchedulerClient client, Executor bindExecutor, EventRecorder events, SchedulerMetrics metrics,
                       Clock clock) {
        this.queue = queue;
        this.cache = cache;
        this.algorithm = algorithm;
        this.client = client;
        this.bindExecutor = bindExecutor;
        this.events = events;
        this.metrics = metrics;
        this.clock = clock;
    }

    /** Pops the next pod (blocking) and schedules it; false once the queue is closed. */
    public boolean scheduleNext() throws InterruptedException {
        QueuedPod next = queue.pop();
        if (next == null) {
            return false;
        }
        schedulingCycle(next);
        return true;
    }

    void schedulingCycle(QueuedPod queued) {
        Pod pod = queued.pod();
        // A stale entry, or a second event for a pod that is being (or was) bound: binding it again is wrong.
        if (!Pods.isPending(pod) || cache.contains(pod)) {
            return;
        }
        long start = System.nanoTime();
        SchedulingAlgorithm.Result result;
        PodInfo podInfo;
        try {
            podInfo = PodInfo.of(pod);
            cache.updateSnapshot(snapshot);
            result = algorithm.schedule(podInfo, snapshot);
        } catch (RuntimeException e) {
            LOG.errorf(e, "scheduling %s failed, will retry", Pods.name(pod));
            metrics.attempt(Result.ERROR, Duration.ofNanos(System.nanoTime() - start));
            queue.addBackoff(queued, e.toString());
            return;
        }
        if (result.nodeName() == null) {
            metrics.attempt(Result.UNSCHEDULABLE, Duration.ofNanos(System.nanoTime() - start));
            handleUnschedulable(queued, result.fitError().message());
            return;
        }
        if (!cache.assume(podInfo, result.nodeName())) {
            return; // the informer showed it bound while we were choosing
        }
        try {
            bindExecutor.execute(() -> bindingCycle(queued, result.nodeName(), start));
        } catch (RejectedExecutionException shuttingDown) {
            cache.forget(pod);
        }
    }

    private void handleUnschedulable(QueuedPod queued, String message) {
        Pod pod = queued.pod();
        if (!message.equals(queued.lastFailure())) {
            LOG.infof("pod %s cannot be scheduled: %s", Pods.name(pod), message);
            events.warning(pod, "FailedScheduling", message);
        }
        queue.addUnschedulable(queued, message);
        if (!hasUnschedulableCondition(pod, message)) {
            try {
                bindExecutor.execute(() -> markUnschedulable(pod, message));
            } catch (RejectedExecutionException shuttingDown) {
                // the next scheduler sets it
            }
        }
    }

    private void markUnschedulable(Pod pod, String message) {
        if (cache.contains(pod)) {
            return; // assumed or bound since: its binding says PodScheduled=True
        }
        try {
            client.markUnschedulable(pod, message);
        } catch (ApiException e) {
            if (e.isConflict()) {
                LOG.debugf("pod %s changed before its PodScheduled=False was written; the next attempt writes it",
                        Pods.name(pod));
            } else if (!e.isNotFound()) {
                LOG.warnf("could not set PodScheduled=False on %s: %s", Pods.name(pod), e.getMessage());
            }
        } catch (RuntimeException e) {
            LOG.warnf("could not set PodScheduled=False on %s: %s", Pods.name(pod), e.toString());
        }
    }

    static boolean hasUnschedulableCondition(Pod pod, String message) {
        if (pod.getStatus() == null || pod.getStatus().getConditions() == null) {
            return false;
        }
        for (PodCondition condition : pod.getStatus().getConditions()) {
            if ("PodScheduled".equals(condition.getType())) {
                return "False".equals(condition.getStatus()) && "Unschedulable".equals(condition.getReason())
                        && message.equals(condition.getMessage());
            }
        }
        return false;
    }

    void bindingCycle(QueuedPod queued, String nodeName, long attemptStart) {
        Pod pod = queued.pod();
        try {
            client.bind(pod, nodeName);
            cache.finishBinding(pod);
            metrics.attempt(Result.SCHEDULED, Duration.ofNanos(System.nanoTime() - attemptStart));
            metrics.podScheduled(Duration.between(queued.queuedAt(), clock.instant()), queued.attempts());
            LOG.debugf("bound %s to %s", Pods.name(pod), nodeName); // per pod: the Scheduled event records it
            events.normal(pod, "Scheduled", "Successfully assigned " + Pods.name(pod) + " to " + nodeName);
        } catch (ApiException e) {
            cache.forget(pod);
            if (e.isConflict()) {
                LOG.infof("pod %s is already bound, dropping it (%s)", Pods.name(pod), e.getMessage());
            } else if (e.isNotFound()) {
                LOG.debugf("pod %s was deleted before it could be bound", Pods.name(pod));
            } else {
                retryLater(queued, nodeName, e.getMessage());
            }
        } catch (RuntimeException e) {
            cache.forget(pod);
            retryLater(queued, nodeName, e.toString());
        }
    }

    private void retryLater(QueuedPod queued, String nodeName, String error) {
        metrics.attempt(Result.ERROR, Duration.ZERO);
        LOG.warnf("binding %s to %s failed, will retry: %s", Pods.name(queued.pod()), nodeName, error);
        queue.addBackoff(queued, error);
    }
}
