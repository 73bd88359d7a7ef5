package io.quarkube.kubelet.podworkers;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.quarkube.kubelet.Eventually;
import io.quarkube.kubelet.TestPods;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The mailbox semantics, with a syncer made of test hooks. */
class SerialPodWorkersTest {
    private static final Duration WAIT = Duration.ofSeconds(5);
    private final ScheduledExecutorService timers = Executors.newScheduledThreadPool(1);
    private final ExecutorService executor = Executors.newFixedThreadPool(4);

    @AfterEach
    void tearDown() {
        timers.shutdownNow();
        executor.shutdownNow();
    }

    @Test
    void eachPodIsSyncedSeriallyAndTheLatestUpdateWins() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger concurrent = new AtomicInteger();
        AtomicInteger maxConcurrent = new AtomicInteger();
        List<String> seen = new CopyOnWriteArrayList<>();
        PodSyncer syncer = new FakeSyncer() {
            @Override
            public SyncResult syncPod(Pod pod) {
                maxConcurrent.accumulateAndGet(concurrent.incrementAndGet(), Math::max);
                seen.add(pod.getMetadata().getResourceVersion());
                await(release);
                concurrent.decrementAndGet();
                return SyncResult.DONE;
            }
        };
        SerialPodWorkers workers = new SerialPodWorkers(syncer, executor, timers);
        Pod pod = TestPods.pod("p", "Always", TestPods.image("c")).build();

        workers.updatePod(version(pod, "1"));
        Eventually.await(WAIT, () -> seen.size() == 1, () -> "first sync");
        workers.updatePod(version(pod, "2"));
        workers.updatePod(version(pod, "3"));
        release.countDown();

        Eventually.await(WAIT, () -> seen.size() == 2, () -> "seen " + seen);
        Thread.sleep(100);
        assertEquals(List.of("1", "3"), seen, "version 2 was superseded while the first sync ran");
        assertEquals(1, maxConcurrent.get());
    }

    @Test
    void terminationWaitsForTheStopThenNeverSyncsAgain() {
        CompletableFuture<Void> stopped = new CompletableFuture<>();
        Map<String, Integer> calls = new ConcurrentHashMap<>();
        PodSyncer syncer = new FakeSyncer() {
            @Override
            public SyncResult syncPod(Pod pod) {
                calls.merge("sync", 1, Integer::sum);
                return SyncResult.DONE;
            }

            @Override
            public CompletionStage<Void> syncTerminatingPod(Pod pod, Duration grace) {
                calls.merge("terminating", 1, Integer::sum);
                assertEquals(Duration.ofSeconds(7), grace);
                return stopped;
            }

            @Override
            public void syncTerminatedPod(Pod pod, boolean confirmDeletion) {
                calls.merge(confirmDeletion ? "confirmed" : "removed", 1, Integer::sum);
            }
        };
        SerialPodWorkers workers = new SerialPodWorkers(syncer, executor, timers);
        Pod pod = TestPods.pod("p", "Always", TestPods.image("c")).build();
        String uid = pod.getMetadata().getUid();

        workers.updatePod(pod);
        workers.updatePod(TestPods.withDeletion(pod, 7));
        Eventually.await(WAIT, () -> calls.containsKey("terminating"), () -> "calls " + calls);
        assertTrue(workers.shouldPodContainersBeTerminating(uid));
        assertEquals(PodWorkerState.TERMINATING, workers.state(uid).orElseThrow());
        workers.updatePod(pod);
        stopped.complete(null);

        Eventually.await(WAIT, () -> workers.state(uid).orElseThrow() == PodWorkerState.TERMINATED,
                () -> "state " + workers.state(uid));
        assertEquals(1, calls.get("confirmed"));
        assertEquals(1, calls.get("terminating"));
        assertTrue(calls.getOrDefault("sync", 0) <= 1);
    }

    @Test
    void afterStopNothingIsSyncedAnyMore() throws Exception {
        AtomicInteger syncs = new AtomicInteger();
        SerialPodWorkers workers = new SerialPodWorkers(new FakeSyncer() {
            @Override
            public SyncResult syncPod(Pod pod) {
                syncs.incrementAndGet();
                return SyncResult.DONE;
            }
        }, executor, timers);
        Pod pod = TestPods.pod("p", "Always", TestPods.image("c")).build();
        workers.updatePod(pod);
        Eventually.await(WAIT, () -> syncs.get() == 1, () -> "first sync");

        workers.stop();
        workers.updatePod(pod);
        workers.resync(pod.getMetadata().getUid());
        Thread.sleep(100);

        assertEquals(1, syncs.get());
    }

    @Test
    void gracePeriodIsTheDeletionsThenTheSpecsCappedAtThirtySeconds() {
        Pod pod = TestPods.pod("p", "Always", TestPods.image("c")).build();
        assertEquals(Duration.ofSeconds(30), SerialPodWorkers.gracePeriod(pod));
        Pod spec = new PodBuilder(pod).editSpec().withTerminationGracePeriodSeconds(5L).endSpec().build();
        assertEquals(Duration.ofSeconds(5), SerialPodWorkers.gracePeriod(spec));
        assertEquals(Duration.ofSeconds(0), SerialPodWorkers.gracePeriod(TestPods.withDeletion(spec, 0)));
        Pod longOne = new PodBuilder(pod).editSpec().withTerminationGracePeriodSeconds(600L).endSpec().build();
        assertEquals(Duration.ofSeconds(30), SerialPodWorkers.gracePeriod(longOne));
    }

    private static Pod version(Pod pod, String resourceVersion) {
        return new PodBuilder(pod).editMetadata().withResourceVersion(resourceVersion).endMetadata().build();
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static class FakeSyncer implements PodSyncer {
        @Override
        public SyncResult syncPod(Pod pod) {
            return SyncResult.DONE;
        }

        @Override
        public CompletionStage<Void> syncTerminatingPod(Pod pod, Duration gracePeriod) {
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public void syncTerminatedPod(Pod pod, boolean confirmDeletion) {
        }
    }
}
