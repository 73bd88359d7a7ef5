package io.quarkube.kubelet.podworkers;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** Collects what the worker should wait for after a sync: the earliest requeue and the futures that wake it. */
final class SyncActions {
    private final List<CompletableFuture<?>> wakeOn = new ArrayList<>();
    private Duration requeueAfter;

    void requeueAfter(Duration delay) {
        requeueAfter = requeueAfter == null || delay.compareTo(requeueAfter) < 0 ? delay : requeueAfter;
    }

    void wakeOn(CompletableFuture<?> future) {
        wakeOn.add(future);
    }

    List<CompletableFuture<?>> wakeOn() {
        return wakeOn;
    }

    SyncResult result() {
        return new SyncResult(requeueAfter, List.copyOf(wakeOn));
    }
}
