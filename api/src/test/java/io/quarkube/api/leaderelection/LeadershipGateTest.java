package io.quarkube.api.leaderelection;

import org.junit.jupiter.api.Test;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LeadershipGateTest {

    @Test
    void waitersPassOnlyWhileOpenAndAreReleasedForGoodWhenClosed() throws Exception {
        LeadershipGate gate = new LeadershipGate(false);
        CompletableFuture<Boolean> waiter = CompletableFuture.supplyAsync(() -> await(gate));
        assertThrows(TimeoutException.class, () -> waiter.get(200, TimeUnit.MILLISECONDS));
        gate.set(true);
        assertTrue(waiter.get(2, TimeUnit.SECONDS), "leading: the worker goes on");

        gate.set(false);
        CompletableFuture<Boolean> second = CompletableFuture.supplyAsync(() -> await(gate));
        gate.close();
        assertFalse(second.get(2, TimeUnit.SECONDS), "closed: the worker stops");
        assertFalse(gate.isOpen());
    }

    private static boolean await(LeadershipGate gate) {
        try {
            return gate.awaitOpen();
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }
}
