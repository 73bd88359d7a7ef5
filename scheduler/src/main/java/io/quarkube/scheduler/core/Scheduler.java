package io.quarkube.scheduler.core;

import io.quarkube.api.events.EventRecorder;
import io.quarkube.api.leaderelection.LeadershipGate;
import io.quarkube.scheduler.cache.SchedulerCache;
import io.quarkube.scheduler.queue.QueuedPod;
import io.quarkube.scheduler.queue.SchedulingQueue;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The scheduler's threads: one scheduling loop, a pool for binding cycles (they wait on HTTP), and a timer that
 * releases backed-off pods, retries long-unschedulable ones and expires unconfirmed assumptions. The loop only
 * schedules while this replica leads ({@link #setLeading}); a standby keeps its queue and cache warm.
 */
public final class Scheduler implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(Scheduler.class);

    private final SchedulingQueue queue;
    private final SchedulerCache cache;
    private final ExecutorService bindExecutor;
    private final ScheduledExecutorService timer;
    private final ScheduleOne scheduleOne;
    private final Thread loop;
    private final LeadershipGate leadership = new LeadershipGate(true);
    private volatile boolean running;

    public Scheduler(SchedulingQueue queue, SchedulerCache cache, SchedulingAlgorithm algorithm,
                     SchedulerClient client, int bindThreads, EventRecorder events, SchedulerMetrics metrics,
                     Clock clock) {
        this.queue = queue;
        this.cache = cache;
        this.bindExecutor = Executors.newFixedThreadPool(bindThreads, daemon("scheduler-bind"));
        this.timer = Executors.newSingleThreadScheduledExecutor(daemon("scheduler-timer"));
        this.scheduleOne = new ScheduleOne(queue, cache, algorithm, client, bindExecutor, events, metrics, clock);
        this.loop = daemon("scheduler-loop").newThread(this::run);
    }

    /** Whether this replica may schedule (it holds the leader Lease, or leader election is off). */
    public void setLeading(boolean leading) {
        leadership.set(leading);
    }

    public boolean isLeading() {
        return leadership.isOpen();
    }

    public void start() {
        running = true;
        // every 200 ms rather than kube-scheduler's 1 s: a pod whose 1 s backoff ran out waits at most 0.2 s more
        timer.scheduleWithFixedDelay(guarded(queue::flushBackoffCompleted), 200, 200, TimeUnit.MILLISECONDS);
        timer.scheduleWithFixedDelay(guarded(queue::flushUnschedulableLeftover), 5, 5, TimeUnit.SECONDS);
        timer.scheduleWithFixedDelay(guarded(cache::cleanupExpiredAssumedPods), 5, 5, TimeUnit.SECONDS);
        loop.start();
        LOG.info("scheduler started");
    }

    private void run() {
        while (running) {
            try {
                if (!leadership.awaitOpen()) {
                    return;
                }
                QueuedPod next = queue.pop();
                if (next == null) {
                    return;
                }
                if (!leadership.isOpen()) {
                    queue.addOrUpdate(next.pod()); // leadership went while we waited: leave it to the new leader
                    continue;
                }
                scheduleOne.schedulingCycle(next);
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                // one bad pod must not stop scheduling for everyone else
                LOG.error("scheduling cycle failed", e);
            }
        }
    }

    @Override
    public void close() {
        running = false;
        leadership.close();
        queue.close();
        timer.shutdownNow();
        bindExecutor.shutdown();
        loop.interrupt();
        try {
            loop.join(2_000);
            bindExecutor.awaitTermination(3, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static Runnable guarded(Runnable task) {
        return () -> {
            try {
                task.run();
            } catch (RuntimeException e) {
                LOG.error("scheduler periodic task failed", e); // an exception would cancel the schedule
            }
        };
    }

    private static ThreadFactory daemon(String prefix) {
        AtomicInteger counter = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + "-" + counter.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
