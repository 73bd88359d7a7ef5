package io.quarkube.controllermanager.controller;

import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class SlowStartTest {

    @Test
    void runsEverythingWhenNothingFails() {
        AtomicInteger calls = new AtomicInteger();
        SlowStart.Outcome outcome = SlowStart.run(10, 1, Runnable::run, calls::incrementAndGet);
        assertEquals(10, calls.get());
        assertEquals(10, outcome.successes());
        assertNull(outcome.firstError());
    }

    @Test
    void stopsAfterTheFirstBatchWithAFailure() {
        AtomicInteger calls = new AtomicInteger();
        // batches 1, 2, 4, ...: the 4th call is in the third batch (calls 4-7)
        SlowStart.Outcome outcome = SlowStart.run(100, 1, Runnable::run, () -> {
            if (calls.incrementAndGet() == 4) {
                throw new IllegalStateException("quota");
            }
        });
        assertEquals(7, calls.get());
        assertEquals(6, outcome.successes());
        assertEquals("quota", outcome.firstError().getMessage());
    }
}
