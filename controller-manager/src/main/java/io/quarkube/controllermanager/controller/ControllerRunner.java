package io.quarkube.controllermanager.controller;

import io.quarkube.api.client.ApiException;
import io.quarkube.api.leaderelection.LeadershipGate;
import io.quarkube.api.queue.WorkQueue;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Runs one controller: event handlers put keys into a work queue, N workers take them and call the reconciler.
 * The queue never hands one key to two workers at once. After a sync the key is forgotten (done), re-added with
 * per-key exponential backoff (requeue or failure), or re-added after a delay (requeueAfter).
 */
public final class ControllerRunner implements Enqueuer, AutoCloseable {
    /** client-go's default per-item backoff for controllers. */
    static final Duration BASE_DELAY = Duration.ofMillis(5);
    static final Duration MAX_DELAY = Duration.ofSeconds(1000);

    private static final Logger LOG = Logger.getLogger(ControllerRunner.class);

    private final String name;
    private final Reconciler reconciler;
    private final int workers;
    private final WorkQueue<String> queue;
    private final List<Thread> threads = new ArrayList<>();
    /** Workers sync only while this replica leads; always open when leader election is off. */
    private volatile LeadershipGate leadership = new LeadershipGate(true);

    public ControllerRunner(String name, Reconciler reconciler, int workers) {
        this(name, reconciler, workers, BASE_DELAY, MAX_DELAY);
    }

    ControllerRunner(String name, Reconciler reconciler, int workers, Duration baseDelay, Duration maxDelay) {
        this(name, workers, baseDelay, maxDelay, queue -> reconciler);
    }

    private ControllerRunner(String name, int workers, Duration baseDelay, Duration maxDelay,
                             Function<Enqueuer, Reconciler> reconciler) {
        this.name = name;
        this.workers = workers;
        this.queue = new WorkQueue<>(name, baseDelay, maxDelay);
        this.reconciler = reconciler.apply(this);
    }

    /**
     * A runner whose reconciler queues keys of its own (the garbage collector queues an owner's dependents): the
     * factory receives the runner's queue.
     */
    public static ControllerRunner create(String name, int workers, Function<Enqueuer, Reconciler> reconciler) {
        return new ControllerRunner(name, workers, BASE_DELAY, MAX_DELAY, reconciler);
    }

    @Override
    public void enqueue(String key) {
        queue.add(key);
    }

    @Override
    public void enqueueAfter(String key, Duration delay) {
        queue.addAfter(key, delay);
    }

    /** Starts the workers; they sync keys only while the gate is open (this replica holds the Lease). */
    public synchronized void start(LeadershipGate gate) {
        this.leadership = gate;
        start();
    }

    public synchronized void start() {
        for (int i = 0; i < workers; i++) {
            Thread t = new Thread(this::work, name + "-worker-" + i);
            t.setDaemon(true);
            t.start();
            threads.add(t);
        }
        LOG.infof("%s controller started with %d workers", name, workers);
    }

    private void work() {
        try {
            while (processNext()) {
                // next key
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Takes one key (blocking) and syncs it; false once the queue is closed. */
    boolean processNext() throws InterruptedException {
        if (!leadership.awaitOpen()) {
            return false;
        }
        String key = queue.take();
        if (key == null) {
            return false;
        }
        if (!leadership.isOpen()) { // lost the Lease while waiting: leave the key for when we lead again
            queue.add(key);
            queue.done(key);
            return true;
        }
        try {
            Result result = reconciler.sync(key);
            switch (result.kind()) {
                case DONE -> queue.forget(key);
                case REQUEUE -> queue.addRateLimited(key);
                case REQUEUE_AFTER -> {
                    queue.forget(key);
                    queue.addAfter(key, result.delay());
                }
            }
        } catch (ApiException e) {
            if (e.isConflict()) {
                LOG.debugf("%s: %s changed meanwhile, retrying: %s", name, key, e.getMessage());
            } else if (e.isNamespaceTerminating()) { // the object goes with its namespace soon: not worth a warning
                LOG.debugf("%s: %s: its namespace is being deleted: %s", name, key, e.getMessage());
            } else {
                LOG.warnf("%s: syncing %s failed, retrying: %s", name, key, e.getMessage());
            }
            queue.addRateLimited(key);
        } catch (RuntimeException e) {
            LOG.warnf("%s: syncing %s failed, retrying: %s", name, key, e.toString());
            LOG.debug("sync failure", e);
            queue.addRateLimited(key);
        } finally {
            queue.done(key);
        }
        return true;
    }

    int queueLength() {
        return queue.length();
    }

    @Override
    public void close() {
        queue.close();
        for (Thread t : threads) {
            try {
                t.join(2_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
