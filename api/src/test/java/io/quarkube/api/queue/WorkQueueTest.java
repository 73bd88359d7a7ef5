package io.quarkube.api.queue;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class WorkQueueTest {

    @Test
    void aKeyQueuedTwiceIsHandedOutOnce() throws Exception {
        try (WorkQueue<String> q = new WorkQueue<>("t", Duration.ofMillis(1), Duration.ofMillis(10))) {
            q.add("a");
            q.add("b");
            q.add("a");
            assertEquals(2, q.length());
            assertEquals("a", q.take());
            assertEquals("b", q.take());
        }
    }

    @Test
    void aKeyAddedWhileProcessingIsRequeuedOnlyWhenDone() throws Exception {
        try (WorkQueue<String> q = new WorkQueue<>("t", Duration.ofMillis(1), Duration.ofMillis(10))) {
            q.add("a");
            String key = q.take();
            q.add("a");
            assertEquals(0, q.length(), "must not be handed to a second worker while the first holds it");
            q.done(key);
            assertEquals(1, q.length());
            assertEquals("a", q.take());
        }
    }

    @Test
    void rateLimitedKeysComeBack() throws Exception {
        try (WorkQueue<String> q = new WorkQueue<>("t", Duration.ofMillis(5), Duration.ofMillis(50))) {
            q.addRateLimited("a");
            assertEquals("a", q.take());
        }
    }

    @Test
    void closeReleasesWaitingWorkers() throws Exception {
        WorkQueue<String> q = new WorkQueue<>("t", Duration.ofMillis(1), Duration.ofMillis(10));
        Thread closer = new Thread(() -> {
            try {
                Thread.sleep(50);
            } catch (InterruptedException ignored) {
                Thread.currentThread().interrupt();
            }
            q.close();
        });
        closer.start();
        assertNull(q.take());
    }
}
