package io.quarkube.apiserver.storage;

import jakarta.enterprise.context.ApplicationScoped;

import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/** Wakes the relay after a commit so changes reach Kafka without waiting for its poll interval. */
@ApplicationScoped
public class OutboxSignal {
    private final Semaphore pending = new Semaphore(0);

    public void committed() {
        if (pending.availablePermits() == 0) {
            pending.release();
        }
    }

    /** Waits for a commit or the timeout; a burst of commits is one wake-up. */
    public void await(long millis) throws InterruptedException {
        if (pending.tryAcquire(millis, TimeUnit.MILLISECONDS)) {
            pending.drainPermits();
        }
    }
}
