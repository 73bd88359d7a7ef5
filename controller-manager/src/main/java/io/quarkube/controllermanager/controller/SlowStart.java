package io.quarkube.controllermanager.controller;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * Kubernetes' slowStartBatch: run {@code count} calls in batches of 1, 2, 4, ... (each batch in parallel) and
 * stop after the first batch with a failure. A request that is bound to fail (quota, bad template) then fails a
 * few times instead of hundreds.
 */
public final class SlowStart {
    private SlowStart() {
    }

    /** How many calls succeeded, and the first failure (null if none). */
    public record Outcome(int successes, RuntimeException firstError) {
    }

    public static Outcome run(int count, int initialBatchSize, Executor executor, Runnable call) {
        int successes = 0;
        int remaining = count;
        for (int batch = Math.min(remaining, initialBatchSize); batch > 0; batch = Math.min(2 * batch, remaining)) {
            List<CompletableFuture<RuntimeException>> calls = new ArrayList<>(batch);
            for (int i = 0; i < batch; i++) {
                calls.add(CompletableFuture.supplyAsync(() -> {
                    try {
                        call.run();
                        return null;
                    } catch (RuntimeException e) {
                        return e;
                    }
                }, executor));
            }
            RuntimeException firstError = null;
            for (CompletableFuture<RuntimeException> c : calls) {
                RuntimeException error = c.join();
                if (error == null) {
                    successes++;
                } else if (firstError == null) {
                    firstError = error;
                }
            }
            if (firstError != null) {
                return new Outcome(successes, firstError);
            }
            remaining -= batch;
        }
        return new Outcome(successes, null);
    }
}
