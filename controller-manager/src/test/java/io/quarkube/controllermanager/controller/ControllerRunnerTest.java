package io.quarkube.controllermanager.controller;

import io.quarkube.api.client.ApiException;
import io.quarkube.api.leaderelection.LeadershipGate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ControllerRunnerTest {
    private final List<String> synced = Collections.synchronizedList(new ArrayList<>());
    private final Deque<Supplier<Result>> outcomes = new ArrayDeque<>();
    private final ControllerRunner runner = new ControllerRunner("test", key -> {
        synced.add(key);
        Supplier<Result> next = outcomes.poll();
        return next == null ? Result.done() : next.get();
    }, 1, Duration.ofMillis(1), Duration.ofMillis(50));

    @AfterEach
    void close() {
        runner.close();
    }

    @Test
    void aKeyQueuedTwiceIsSyncedOnce() throws InterruptedException {
        runner.enqueue("default/a");
        runner.enqueue("default/a");
        assertTrue(runner.processNext());
        assertEquals(0, runner.queueLength());
        assertEquals(List.of("default/a"), synced);
    }

    @Test
    void failuresAndRequeuesAreRetriedWithBackoff() throws InterruptedException {
        outcomes.add(() -> {
            throw new ApiException(500, null, "boom");
        });
        outcomes.add(Result::requeue);
        outcomes.add(() -> {
            throw new IllegalStateException("unexpected");
        });
        runner.enqueue("default/a");
        for (int i = 0; i < 4; i++) {
            assertTrue(runner.processNext()); // take blocks until the backoff re-added the key
        }
        assertEquals(List.of("default/a", "default/a", "default/a", "default/a"), synced);
    }

    @Test
    void requeueAfterComesBackAfterTheDelay() throws InterruptedException {
        outcomes.add(() -> Result.requeueAfter(Duration.ofMillis(100)));
        runner.enqueue("default/a");
        long start = System.nanoTime(); // before the first sync: the delay starts during it, never before
        runner.processNext();
        runner.processNext();
        assertTrue(System.nanoTime() - start >= TimeUnit.MILLISECONDS.toNanos(90));
        assertEquals(2, synced.size());
    }

    @Test
    void workersRunUntilClosed() throws InterruptedException {
        CountDownLatch done = new CountDownLatch(2);
        ControllerRunner workers = new ControllerRunner("workers", key -> {
            done.countDown();
            return Result.done();
        }, 2);
        workers.start();
        workers.enqueue("a");
        workers.enqueue("b");
        assertTrue(done.await(5, TimeUnit.SECONDS));
        workers.close();
    }

    @Test
    void workersSyncOnlyWhileThisReplicaLeads() throws InterruptedException {
        LeadershipGate leadership = new LeadershipGate(false);
        runner.start(leadership);
        runner.enqueue("default/a");
        Thread.sleep(300);
        assertEquals(List.of(), synced, "a standby syncs nothing");
        assertEquals(1, runner.queueLength(), "but keeps the key for when it leads");

        leadership.set(true);
        awaitSynced(1);
        assertEquals(List.of("default/a"), synced);

        leadership.set(false);
        Thread.sleep(100); // let the worker get back to waiting at the gate
        runner.enqueue("default/b");
        Thread.sleep(300);
        assertEquals(List.of("default/a"), synced, "after losing the Lease nothing more is synced");
        leadership.set(true);
        awaitSynced(2);
        assertEquals(List.of("default/a", "default/b"), synced);
        leadership.close();
    }

    private void awaitSynced(int count) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (synced.size() < count && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
    }
}
