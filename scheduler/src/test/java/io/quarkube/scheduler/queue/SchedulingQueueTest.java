package io.quarkube.scheduler.queue;

import io.quarkube.api.testing.MutableClock;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Toleration;
import io.quarkube.scheduler.Fixtures;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class SchedulingQueueTest {
    private final MutableClock clock = new MutableClock();
    private final SchedulingQueue queue =
            new SchedulingQueue(clock, Duration.ofSeconds(1), Duration.ofSeconds(10), Duration.ofSeconds(30));

    private static SchedulingQueue.Counts counts(int active, int backoff, int unschedulable) {
        return new SchedulingQueue.Counts(active, backoff, unschedulable);
    }

    @Test
    void aPodIsQueuedOnceHoweverOftenItsEventArrives() throws InterruptedException {
        Pod pod = Fixtures.pod("p1", "1", "1Gi");
        queue.addOrUpdate(pod);
        queue.addOrUpdate(pod);
        assertEquals(counts(1, 0, 0), queue.counts());
        assertEquals("p1", queue.pop().pod().getMetadata().getName());
        assertEquals(counts(0, 0, 0), queue.counts());
    }

    @Test
    void popIsFifo() throws InterruptedException {
        queue.addOrUpdate(Fixtures.pod("a", "1", "1Gi"));
        queue.addOrUpdate(Fixtures.pod("b", "1", "1Gi"));
        assertEquals("a", queue.pop().pod().getMetadata().getName());
        assertEquals("b", queue.pop().pod().getMetadata().getName());
    }

    @Test
    void unschedulablePodWaitsForAClusterEventThenForItsBackoff() throws InterruptedException {
        queue.addOrUpdate(Fixtures.pod("p1", "1", "1Gi"));
        QueuedPod attempt = queue.pop();
        queue.addUnschedulable(attempt, "no room");
        assertEquals(counts(0, 0, 1), queue.counts());

        queue.moveAllToActiveOrBackoff(); // still inside its 1 s backoff
        assertEquals(counts(0, 1, 0), queue.counts());
        queue.flushBackoffCompleted();
        assertEquals(counts(0, 1, 0), queue.counts());

        clock.advance(Duration.ofMillis(1_001));
        queue.flushBackoffCompleted();
        assertEquals(counts(1, 0, 0), queue.counts());
        QueuedPod retry = queue.pop();
        assertEquals(2, retry.attempts());
        assertEquals("no room", retry.lastFailure());
    }

    @Test
    void backoffDoublesAndIsCapped() throws InterruptedException {
        queue.addOrUpdate(Fixtures.pod("p1", "1", "1Gi"));
        QueuedPod pod = queue.pop();
        assertEquals(Duration.ofSeconds(1), Duration.between(pod.timestamp(), queue.backoffExpiry(pod)));
        for (int i = 0; i < 3; i++) {
            pod = pod.popped(0);
        }
        assertEquals(Duration.ofSeconds(8), Duration.between(pod.timestamp(), queue.backoffExpiry(pod)));
        pod = pod.popped(0);
        assertEquals(Duration.ofSeconds(10), Duration.between(pod.timestamp(), queue.backoffExpiry(pod)));
    }

    @Test
    void eventDuringTheAttemptSendsThePodToBackoffNotUnschedulable() throws InterruptedException {
        queue.addOrUpdate(Fixtures.pod("p1", "1", "1Gi"));
        QueuedPod attempt = queue.pop();
        queue.moveAllToActiveOrBackoff(); // e.g. a node was added while p1 was being filtered
        queue.addUnschedulable(attempt, "no room");
        assertEquals(counts(0, 1, 0), queue.counts());
    }

    @Test
    void unschedulablePodsAreRetriedPeriodically() throws InterruptedException {
        queue.addOrUpdate(Fixtures.pod("p1", "1", "1Gi"));
        queue.addUnschedulable(queue.pop(), "no room");
        clock.advance(Duration.ofSeconds(29));
        queue.flushUnschedulableLeftover();
        assertEquals(counts(0, 0, 1), queue.counts());
        clock.advance(Duration.ofSeconds(1));
        queue.flushUnschedulableLeftover();
        assertEquals(counts(1, 0, 0), queue.counts());
    }

    @Test
    void aSpecChangeRetriesAnUnschedulablePod() throws InterruptedException {
        Pod pod = Fixtures.pod("p1", "1", "1Gi");
        queue.addOrUpdate(pod);
        queue.addUnschedulable(queue.pop(), "taint");
        queue.addOrUpdate(pod); // same spec: stays
        assertEquals(counts(0, 0, 1), queue.counts());

        Pod tolerating = Fixtures.pod("p1", "1", "1Gi");
        tolerating.getSpec().setTolerations(List.of(new Toleration(null, null, "Exists", null, null)));
        clock.advance(Duration.ofSeconds(2));
        queue.addOrUpdate(tolerating);
        assertEquals(counts(1, 0, 0), queue.counts());
    }

    @Test
    void aNewerEventWinsOverTheVerdictOfAnAttempt() throws InterruptedException {
        Pod pod = Fixtures.pod("p1", "1", "1Gi");
        queue.addOrUpdate(pod);
        QueuedPod attempt = queue.pop();
        queue.addOrUpdate(pod);
        queue.addUnschedulable(attempt, "no room");
        assertEquals(counts(1, 0, 0), queue.counts());
    }

    @Test
    void deleteRemovesFromEverySet() throws InterruptedException {
        Pod pod = Fixtures.pod("p1", "1", "1Gi");
        queue.addOrUpdate(pod);
        queue.addUnschedulable(queue.pop(), "no room");
        queue.delete(pod);
        assertEquals(counts(0, 0, 0), queue.counts());
    }

    @Test
    void closeReleasesAWaitingPop() throws InterruptedException {
        Thread closer = new Thread(() -> {
            try {
                Thread.sleep(50);
            } catch (InterruptedException ignored) {
                // the test ends anyway
            }
            queue.close();
        });
        closer.start();
        assertNull(queue.pop());
        closer.join();
    }
}
