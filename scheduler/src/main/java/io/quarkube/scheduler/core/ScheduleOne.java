package io.quarkube.scheduler.core;

import io.fabric8.kubernetes.api.model.Pod;
import io.quarkube.api.client.ApiException;
import io.quarkube.api.events.EventRecorder;
import io.quarkube.scheduler.cache.SchedulerCache;
import io.quarkube.scheduler.framework.Pods;
import io.quarkube.scheduler.framework.Snapshot;
import io.quarkube.scheduler.queue.QueuedPod;
import io.quarkube.scheduler.queue.SchedulingQueue;
import org.jboss.logging.Logger;

import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

/**
 * One pod's trip through the scheduler. The scheduling cycle (one thread, in order) picks a node and assumes
 * the pod there in the cache, so the next pod already sees it; the binding cycle runs on the bind executor and
 * posts the Binding. A failed binding forgets the assumption; a 409 means the pod is bound already and is dropped.
 * Records kube-scheduler's Events: Scheduled after a binding, FailedScheduling once per distinct reason.
 */
public final class ScheduleOne {
    private static final Logger LOG = Logger.getLogger(ScheduleOne.class);

    private final SchedulingQueue queue;
    private final SchedulerCache cache;
    private final SchedulingAlgorithm algorithm;
    private final Binder binder;
    private final Executor bindExecutor;
    private final EventRecorder events;
    /** The nodes as the scheduling thread last saw them; brought up to date before each cycle. */
    private final Snapshot snapshot = Snapshot.of(List.of());

    public ScheduleOne(SchedulingQueue queue, SchedulerCache cache, SchedulingAlgorithm algorithm, Binder binder,
                       Executor bindExecutor, EventRecorder events) {
        this.events = events;
        this.queue = queue;
        this.cache = cache;
        this.algorithm = algorithm;
        this.binder = binder;
        this.bindExecutor = bindExecutor;
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
        if (!Pods.needsScheduling(pod) || cache.contains(pod)) {
            return;
        }
        cache.updateSnapshot(snapshot);
        SchedulingAlgorithm.Result result = algorithm.schedule(pod, snapshot);
        if (result.nodeName() == null) {
            String message = result.fitError().message();
            if (!message.equals(queued.lastFailure())) {
                LOG.infof("pod %s cannot be scheduled: %s", Pods.name(pod), message);
                events.warning(pod, "FailedScheduling", message);
            }
            queue.addUnschedulable(queued, message);
            return;
        }
        if (!cache.assume(pod, result.nodeName())) {
            return; // the informer showed it bound while we were choosing
        }
        try {
            bindExecutor.execute(() -> bindingCycle(queued, result.nodeName()));
        } catch (RejectedExecutionException shuttingDown) {
            cache.forget(pod);
        }
    }

    void bindingCycle(QueuedPod queued, String nodeName) {
        Pod pod = queued.pod();
        try {
            binder.bind(pod, nodeName);
            cache.finishBinding(pod);
            LOG.infof("bound %s to %s", Pods.name(pod), nodeName);
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
        LOG.warnf("binding %s to %s failed, will retry: %s", Pods.name(queued.pod()), nodeName, error);
        queue.addBackoff(queued, error);
    }
}
