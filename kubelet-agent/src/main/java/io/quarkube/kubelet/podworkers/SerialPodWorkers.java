package io.quarkube.kubelet.podworkers;

import io.fabric8.kubernetes.api.model.Pod;
import io.quarkube.kubelet.Errors;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * One serial worker per pod UID on a shared executor. An update only sets the pod's mailbox (latest wins) and, if
 * no task drains it, submits one; so each pod is handled by one thread at a time and pods run in parallel.
 * Termination is asynchronous: waiting for a grace period holds no thread.
 */
public final class SerialPodWorkers implements PodWorkers {
    private static final Logger LOG = Logger.getLogger(SerialPodWorkers.class);
    private static final Duration SYNC_RETRY = Duration.ofSeconds(1);
    static final long MAX_GRACE_SECONDS = 30;

    private final PodSyncer syncer;
    private final Executor executor;
    private final ScheduledExecutorService timers;
    private final Object lock = new Object();
    private final Map<String, PodSyncStatus> pods = new HashMap<>();
    private boolean stopped;

    public SerialPodWorkers(PodSyncer syncer, Executor executor, ScheduledExecutorService timers) {
        this.syncer = syncer;
        this.executor = executor;
        this.timers = timers;
    }

    @Override
    public void updatePod(Pod pod) {
        deliver(pod, false);
    }

    @Override
    public void removePod(Pod lastState) {
        deliver(lastState, true);
    }

    @Override
    public Optional<PodWorkerState> state(String uid) {
        synchronized (lock) {
            return Optional.ofNullable(pods.get(uid)).map(s -> s.state);
        }
    }

    @Override
    public boolean shouldPodContainersBeTerminating(String uid) {
        synchronized (lock) {
            PodSyncStatus s = pods.get(uid);
            return s != null && (s.terminationRequested || s.state != PodWorkerState.SYNC);
        }
    }

    @Override
    public int knownPods() {
        synchronized (lock) {
            return pods.size();
        }
    }

    /**
     * No sync starts after this (a sync in progress finishes): at shutdown, a container killed with the agent must
     * not be restarted by its pod's restartPolicy.
     */
    public void stop() {
        synchronized (lock) {
            stopped = true;
        }
    }

    /** Sync a known pod again with the newest version of it (a container changed, a backoff ended). */
    public void resync(String uid) {
        synchronized (lock) {
            PodSyncStatus s = pods.get(uid);
            if (s != null && s.state == PodWorkerState.SYNC) {
                wake(s);
            }
        }
    }

    private void deliver(Pod pod, boolean removed) {
        String uid = pod.getMetadata().getUid();
        synchronized (lock) {
            PodSyncStatus s = pods.get(uid);
            if (s == null) {
                if (removed) {
                    return; // never ran here
                }
                s = new PodSyncStatus(uid, pod);
                pods.put(uid, s);
            }
            if (s.state == PodWorkerState.TERMINATED) {
                if (removed) {
                    pods.remove(uid);
                }
                return;
            }
            s.pod = pod;
            s.removed |= removed;
            s.terminationRequested |= removed || pod.getMetadata().getDeletionTimestamp() != null;
            wake(s);
        }
    }

    /** Marks the mailbox and makes sure one task drains it. Call with the lock held. */
    private void wake(PodSyncStatus s) {
        s.pending = true;
        if (!s.working && !stopped) {
            s.working = true;
            executor.execute(() -> drain(s));
        }
    }

    private void drain(PodSyncStatus s) {
        while (true) {
            Pod pod;
            boolean terminate;
            synchronized (lock) {
                if (!s.pending || s.state == PodWorkerState.TERMINATED || stopped) {
                    s.pending = false;
                    s.working = false;
                    return;
                }
                s.pending = false;
                pod = s.pod;
                terminate = s.terminationRequested;
                if (terminate) {
                    s.state = PodWorkerState.TERMINATING;
                }
            }
            if (terminate) {
                terminate(s, pod);
                return; // the completion continues draining
            }
            sync(s, pod);
        }
    }

    private void sync(PodSyncStatus s, Pod pod) {
        try {
            SyncResult result = syncer.syncPod(pod);
            if (result.requeueAfter() != null) {
                resyncAfter(s.uid, result.requeueAfter());
            }
            for (CompletableFuture<?> future : result.wakeOn()) {
                watch(s, future);
            }
        } catch (RuntimeException e) {
            LOG.warnf("sync of pod %s failed: %s; retrying in %s", s.fullName(), Errors.describe(e), SYNC_RETRY);
            resyncAfter(s.uid, SYNC_RETRY);
        }
    }

    private void watch(PodSyncStatus s, CompletableFuture<?> future) {
        synchronized (lock) {
            if (future.isDone() || !s.watched.add(future)) {
                if (future.isDone()) {
                    wake(s);
                }
                return;
            }
        }
        future.whenComplete((v, e) -> {
            synchronized (lock) {
                s.watched.remove(future);
            }
            resync(s.uid);
        });
    }

    private void terminate(PodSyncStatus s, Pod pod) {
        Duration grace = gracePeriod(pod);
        CompletionStage<Void> containersGone;
        try {
            containersGone = syncer.syncTerminatingPod(pod, grace);
        } catch (RuntimeException e) {
            containersGone = CompletableFuture.failedFuture(e);
        }
        containersGone.whenCompleteAsync((v, e) -> {
            if (e != null) {
                LOG.warnf("stopping pod %s failed: %s; retrying", s.fullName(), Errors.describe(e));
                synchronized (lock) {
                    s.state = PodWorkerState.SYNC; // terminationRequested stays set: the next drain retries
                }
                timers.schedule(() -> retryTermination(s), SYNC_RETRY.toMillis(), TimeUnit.MILLISECONDS);
                return;
            }
            finishTermination(s);
        }, executor);
    }

    private void retryTermination(PodSyncStatus s) {
        synchronized (lock) {
            s.pending = true;
            s.working = false;
            wake(s);
        }
    }

    private void finishTermination(PodSyncStatus s) {
        boolean confirm;
        Pod pod;
        synchronized (lock) {
            confirm = !s.removed;
            pod = s.pod;
        }
        try {
            syncer.syncTerminatedPod(pod, confirm);
        } catch (RuntimeException e) {
            LOG.warnf("cleaning up pod %s failed: %s", s.fullName(), Errors.describe(e));
        }
        synchronized (lock) {
            s.state = PodWorkerState.TERMINATED;
            s.working = false;
            s.pending = false;
            if (s.removed) {
                pods.remove(s.uid);
            }
        }
    }

    private void resyncAfter(String uid, Duration delay) {
        timers.schedule(() -> resync(uid), Math.max(1, delay.toMillis()), TimeUnit.MILLISECONDS);
    }

    /** The pod's deletion grace period if it has one, else its spec's (default 30 s); never more than 30 s here. */
    static Duration gracePeriod(Pod pod) {
        Long seconds = pod.getMetadata().getDeletionGracePeriodSeconds();
        if (seconds == null && pod.getSpec() != null) {
            seconds = pod.getSpec().getTerminationGracePeriodSeconds();
        }
        long s = seconds == null ? MAX_GRACE_SECONDS : Math.max(0, Math.min(seconds, MAX_GRACE_SECONDS));
        return Duration.ofSeconds(s);
    }
}
