package io.quarkube.kubelet.podworkers;

import io.fabric8.kubernetes.api.model.Pod;
import io.quarkube.kubelet.node.LocalNodes;
import io.quarkube.kubelet.node.PodIpAllocator;
import io.quarkube.kubelet.prober.FakeRuntime;
import io.quarkube.kubelet.prober.ManualTimers;

import java.time.Instant;
import java.util.concurrent.CompletableFuture;

/**
 * The pod syncer on a fake runtime and a manual clock, synced by the test itself (it plays the pod worker): every
 * schedule is exact, and {@link #pendingWakeups()} tells whether the worker would have been woken.
 */
final class ManualPodSync {
    static final Instant T0 = Instant.parse("2030-01-01T00:00:00Z");

    final ManualTimers time = new ManualTimers(T0);
    final FakeRuntime runtime = new FakeRuntime(time, false);
    final RecordingEvents events = new RecordingEvents();
    final MergingStatusSink sink = new MergingStatusSink();
    final KubeletPodSyncer syncer = new KubeletPodSyncer(runtime, sink, new PodIpAllocator(new LocalNodes("node", 1)),
            time, CrashBackoff::new, events, ProbesAndHooks.of(runtime, time, events, time, Runnable::run,
            Runnable::run));
    SyncResult last;

    /** One sync, then again while it asks to be woken by something that has already happened. */
    SyncResult sync(Pod pod) {
        for (int i = 0; i < 10; i++) {
            last = syncer.syncPod(pod);
            if (last.wakeOn().stream().noneMatch(CompletableFuture::isDone)) {
                return last;
            }
        }
        throw new AssertionError("the pod never settles: " + last);
    }

    /** Whether something the last sync waits for has happened (the worker would sync again). */
    boolean pendingWakeups() {
        return last.wakeOn().stream().anyMatch(CompletableFuture::isDone);
    }

    void advanceSeconds(long seconds) {
        time.advanceSeconds(seconds);
    }
}
