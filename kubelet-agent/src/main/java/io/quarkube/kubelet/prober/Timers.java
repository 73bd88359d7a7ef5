package io.quarkube.kubelet.prober;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * One-shot timers for probe ticks, hook sleeps and preStop deadlines. Production runs them on the kubelet's shared
 * scheduled executor; tests drive them with a manual clock.
 */
@FunctionalInterface
public interface Timers {

    /** Runs {@code task} once after {@code delay}; cancelling a task that already ran does nothing. */
    Cancellable schedule(Duration delay, Runnable task);

    /** Completes after {@code delay}. */
    default CompletableFuture<Void> delay(Duration delay) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        schedule(delay, () -> done.complete(null));
        return done;
    }

    @FunctionalInterface
    interface Cancellable {
        Cancellable NONE = () -> { };

        void cancel();
    }

    static Timers of(ScheduledExecutorService executor) {
        return (delay, task) -> {
            try {
                ScheduledFuture<?> future = executor.schedule(task, Math.max(0, delay.toMillis()), TimeUnit.MILLISECONDS);
                return () -> future.cancel(false);
            } catch (RejectedExecutionException e) {
                return Cancellable.NONE; // shutting down: nothing more runs
            }
        };
    }
}
