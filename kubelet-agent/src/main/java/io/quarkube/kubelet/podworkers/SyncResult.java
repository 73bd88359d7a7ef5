package io.quarkube.kubelet.podworkers;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * What a sync asks of its worker: sync again after a delay (a restart backoff ends) and/or as soon as one of
 * the given futures completes (a container started or exited). This is how runtime events reach the pod worker.
 */
public record SyncResult(Duration requeueAfter, List<CompletableFuture<?>> wakeOn) {
    public static final SyncResult DONE = new SyncResult(null, List.of());
}
