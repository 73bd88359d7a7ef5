package io.quarkube.api.queue;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * client-go's work queue in Java: a FIFO of keys with a dirty set (a key queued twice is processed once) and a
 * processing set (one key is never handled by two workers at once; a key added while it is being processed
 * is queued again when {@link #done} is called). Rate-limited re-adds back off exponentially per key.
 */
public final class WorkQueue<K> implements AutoCloseable {
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition available = lock.newCondition();
    private final ArrayDeque<K> queue = new ArrayDeque<>();
    private final Set<K> dirty = new HashSet<>();
    private final Set<K> processing = new HashSet<>();
    private final Map<K, Integer> failures = new HashMap<>();
    private final ScheduledExecutorService delays;
    private final Duration baseDelay;
    private final Duration maxDelay;
    private boolean shuttingDown;

    public WorkQueue(String name, Duration baseDelay, Duration maxDelay) {
        this.baseDelay = baseDelay;
        this.maxDelay = maxDelay;
        this.delays = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, name + "-delays");
            t.setDaemon(true);
            return t;
        });
    }

    public void add(K key) {
        lock.lock();
        try {
            if (shuttingDown || !dirty.add(key)) {
                return;
            }
            if (!processing.contains(key)) {
                queue.addLast(key);
                available.signal();
            }
        } finally {
            lock.unlock();
        }
    }

    public void addAfter(K key, Duration delay) {
        if (delay.isZero() || delay.isNegative()) {
            add(key);
            return;
        }
        delays.schedule(() -> add(key), delay.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Re-adds a key after a delay that doubles with each consecutive failure of that key. */
    public void addRateLimited(K key) {
        int attempts;
        lock.lock();
        try {
            attempts = failures.merge(key, 1, Integer::sum);
        } finally {
            lock.unlock();
        }
        long millis = baseDelay.toMillis() << Math.min(attempts - 1, 30);
        addAfter(key, Duration.ofMillis(Math.min(millis, maxDelay.toMillis())));
    }

    /** Clears the failure count of a key after it was handled successfully. */
    public void forget(K key) {
        lock.lock();
        try {
            failures.remove(key);
        } finally {
            lock.unlock();
        }
    }

    /** Blocks until a key is available; returns null once the queue is shut down. */
    public K take() throws InterruptedException {
        lock.lock();
        try {
            while (queue.isEmpty() && !shuttingDown) {
                available.await();
            }
            if (shuttingDown) {
                return null;
            }
            K key = queue.removeFirst();
            dirty.remove(key);
            processing.add(key);
            return key;
        } finally {
            lock.unlock();
        }
    }

    public void done(K key) {
        lock.lock();
        try {
            processing.remove(key);
            if (dirty.contains(key)) {
                queue.addLast(key);
                available.signal();
            }
        } finally {
            lock.unlock();
        }
    }

    public int length() {
        lock.lock();
        try {
            return queue.size();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void close() {
        lock.lock();
        try {
            shuttingDown = true;
            available.signalAll();
        } finally {
            lock.unlock();
        }
        delays.shutdownNow();
    }
}
