package io.quarkube.scheduler.queue;

import io.fabric8.kubernetes.api.model.Pod;
import io.quarkube.scheduler.framework.Pods;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Predicate;

/**
 * Pending pods in three sets, as in kube-scheduler: <b>active</b> (FIFO, popped by the scheduling thread),
 * <b>backoff</b> (failed recently; back to active when their backoff, doubling per attempt, ran out) and
 * <b>unschedulable</b> (no node fits; back when a cluster event may have made room, or after a timeout).
 * A pod (by UID) is in at most one set, so a duplicated event cannot queue it twice.
 *
 * <p>A cluster event that arrives while a pod is being scheduled is not lost: when that attempt then fails,
 * the pod goes to backoff instead of unschedulable (the move-request cycle check).
 */
public final class SchedulingQueue implements AutoCloseable {
    private final Clock clock;
    private final Duration initialBackoff;
    private final Duration maxBackoff;
    private final Duration unschedulableTimeout;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition nonEmpty = lock.newCondition();
    private final LinkedHashMap<String, QueuedPod> active = new LinkedHashMap<>();
    private final Map<String, QueuedPod> backoff = new HashMap<>();
    private final Map<String, QueuedPod> unschedulable = new HashMap<>();
    private long schedulingCycle;
    private long moveRequestCycle = -1;
    private boolean closed;

    public SchedulingQueue(Clock clock, Duration initialBackoff, Duration maxBackoff, Duration unschedulableTimeout) {
        this.clock = clock;
        this.initialBackoff = initialBackoff;
        this.maxBackoff = maxBackoff;
        this.unschedulableTimeout = unschedulableTimeout;
    }

    /** A pending pod was added or changed. */
    public void addOrUpdate(Pod pod) {
        String key = Pods.key(pod);
        withLock(() -> {
            if (active.containsKey(key)) {
                active.put(key, active.get(key).withPod(pod));
            } else if (backoff.containsKey(key)) {
                backoff.put(key, backoff.get(key).withPod(pod));
            } else if (unschedulable.containsKey(key)) {
                QueuedPod queued = unschedulable.get(key);
                if (changedForScheduling(queued.pod(), pod)) {
                    unschedulable.remove(key);
                    activeOrBackoff(key, queued.withPod(pod), clock.instant());
                } else {
                    unschedulable.put(key, queued.withPod(pod));
                }
            } else {
                active.put(key, QueuedPod.of(pod, clock.instant()));
                nonEmpty.signal();
            }
        });
    }

    /** The pod was deleted, bound or otherwise stopped being ours. */
    public void delete(Pod pod) {
        String key = Pods.key(pod);
        withLock(() -> {
            active.remove(key);
            backoff.remove(key);
            unschedulable.remove(key);
        });
    }

    /** Blocks until a pod is active; returns null once the queue is closed. */
    public QueuedPod pop() throws InterruptedException {
        lock.lock();
        try {
            while (active.isEmpty() && !closed) {
                nonEmpty.await();
            }
            if (closed) {
                return null;
            }
            Iterator<Map.Entry<String, QueuedPod>> first = active.entrySet().iterator();
            QueuedPod next = first.next().getValue();
            first.remove();
            schedulingCycle++;
            return next.popped(schedulingCycle);
        } finally {
            lock.unlock();
        }
    }

    /** No node fits the pod now. A newer event for the same pod wins over this attempt's verdict. */
    public void addUnschedulable(QueuedPod pod, String reason) {
        String key = Pods.key(pod.pod());
        withLock(() -> {
            if (contains(key)) {
                return;
            }
            QueuedPod failed = pod.failed(clock.instant(), reason);
            if (moveRequestCycle >= pod.cycle()) {
                backoff.put(key, failed); // something changed while it was being scheduled: retry soon
            } else {
                unschedulable.put(key, failed);
            }
        });
    }

    /** The attempt failed for another reason (binding error): retry after the backoff. */
    public void addBackoff(QueuedPod pod, String reason) {
        String key = Pods.key(pod.pod());
        withLock(() -> {
            if (!contains(key)) {
                backoff.put(key, pod.failed(clock.instant(), reason));
            }
        });
    }

    /** A cluster event (node added or changed, pod deleted) may have made room: retry the unschedulable. */
    public void moveAllToActiveOrBackoff() {
        withLock(() -> {
            Instant now = clock.instant();
            unschedulable.forEach((key, pod) -> activeOrBackoff(key, pod, now));
            unschedulable.clear();
            moveRequestCycle = schedulingCycle;
        });
    }

    /** Moves pods whose backoff has run out to active; called every 200 ms. */
    public void flushBackoffCompleted() {
        withLock(() -> {
            Instant now = clock.instant();
            moveWhere(backoff, pod -> !now.isBefore(backoffExpiry(pod)), now);
        });
    }

    /** Retries pods that stayed unschedulable longer than the timeout, in case an event was missed. */
    public void flushUnschedulableLeftover() {
        withLock(() -> {
            Instant now = clock.instant();
            moveWhere(unschedulable, pod -> !now.isBefore(pod.timestamp().plus(unschedulableTimeout)), now);
        });
    }

    public record Counts(int active, int backoff, int unschedulable) {
    }

    public Counts counts() {
        lock.lock();
        try {
            return new Counts(active.size(), backoff.size(), unschedulable.size());
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void close() {
        withLock(() -> {
            closed = true;
            nonEmpty.signalAll();
        });
    }

    Instant backoffExpiry(QueuedPod pod) {
        int doublings = Math.max(0, Math.min(pod.attempts() - 1, 30));
        long millis = Math.min(initialBackoff.toMillis() << doublings, maxBackoff.toMillis());
        return pod.timestamp().plusMillis(millis);
    }

    private void moveWhere(Map<String, QueuedPod> from, Predicate<QueuedPod> due, Instant now) {
        Iterator<Map.Entry<String, QueuedPod>> it = from.entrySet().iterator();
        while (it.hasNext()) {
            Map.Entry<String, QueuedPod> entry = it.next();
            if (due.test(entry.getValue())) {
                it.remove();
                activeOrBackoff(entry.getKey(), entry.getValue(), now);
            }
        }
    }

    private void activeOrBackoff(String key, QueuedPod pod, Instant now) {
        if (now.isBefore(backoffExpiry(pod))) {
            backoff.put(key, pod);
        } else {
            active.put(key, pod);
            nonEmpty.signal();
        }
    }

    private boolean contains(String key) {
        return active.containsKey(key) || backoff.containsKey(key) || unschedulable.containsKey(key);
    }

    private static boolean changedForScheduling(Pod old, Pod newer) {
        return !Objects.equals(old.getSpec(), newer.getSpec())
                || !Objects.equals(old.getMetadata().getLabels(), newer.getMetadata().getLabels());
    }

    private void withLock(Runnable action) {
        lock.lock();
        try {
            action.run();
        } finally {
            lock.unlock();
        }
    }
}
