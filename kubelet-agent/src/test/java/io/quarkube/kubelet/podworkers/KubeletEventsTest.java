package io.quarkube.kubelet.podworkers;

import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.quarkube.kubelet.Eventually;
import io.quarkube.kubelet.TestPods;
import io.quarkube.kubelet.node.LocalNodes;
import io.quarkube.kubelet.node.PodIpAllocator;
import io.quarkube.kubelet.runtime.PodDirs;
import io.quarkube.kubelet.runtime.ProcessRuntime;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The Events the kubelet records about containers, as {@code kubectl describe pod} lists them. */
class KubeletEventsTest {
    private static final Duration WAIT = Duration.ofSeconds(10);

    @TempDir
    Path workDir;
    private final ScheduledExecutorService timers = Executors.newScheduledThreadPool(2);
    private final ExecutorService executor = Executors.newFixedThreadPool(2);
    private final RecordingStatusSink sink = new RecordingStatusSink();
    private final RecordingEvents events = new RecordingEvents();
    private ProcessRuntime runtime;
    private SerialPodWorkers workers;

    @BeforeEach
    void setUp() {
        runtime = new ProcessRuntime(new PodDirs(workDir), timers, Clock.systemUTC());
        KubeletPodSyncer syncer = new KubeletPodSyncer(runtime, sink, new PodIpAllocator(new LocalNodes("node", 1)),
                Clock.systemUTC(), () -> new CrashBackoff(Duration.ofMillis(300), Duration.ofSeconds(1)), events);
        workers = new SerialPodWorkers(syncer, executor, timers);
    }

    @AfterEach
    void tearDown() {
        runtime.close();
        timers.shutdownNow();
        executor.shutdownNow();
    }

    @Test
    void aContainerIsPulledCreatedStartedAndKilledWhenThePodIsDeleted() {
        Pod pod = TestPods.pod("web", "Always", TestPods.shell("main", "sleep 100")).build();
        workers.updatePod(pod);
        Eventually.await(WAIT, () -> events.has("Started"), () -> "events " + events.events);

        workers.updatePod(TestPods.withDeletion(pod, 1));
        Eventually.await(WAIT, () -> sink.terminated.containsKey(pod.getMetadata().getUid()), () -> "not terminated");

        assertEquals(List.of(
                "node-1 Normal Pulled spec.containers{main}: Container image \"busybox\" already present on machine",
                "node-1 Normal Created spec.containers{main}: Created container: main",
                "node-1 Normal Started spec.containers{main}: Started container main",
                "node-1 Normal Killing spec.containers{main}: Stopping container main"), events.events);
    }

    @Test
    void aCrashingContainerIsBackedOff() {
        Pod pod = TestPods.pod("crash", "Always", TestPods.shell("main", "exit 1")).build();
        workers.updatePod(pod);

        Eventually.await(WAIT, () -> events.has("BackOff"), () -> "events " + events.events);

        String backOff = events.events.stream().filter(e -> e.contains(" BackOff ")).findFirst().orElseThrow();
        assertEquals("node-1 Warning BackOff spec.containers{main}: Back-off restarting failed container main in pod "
                + "crash_default(" + pod.getMetadata().getUid() + ")", backOff);
        // the first restart is immediate (no BackOff), the second waits
        assertEquals(2, events.events.stream().filter(e -> e.contains(" Started ")).count(), events.events.toString());
    }

    @Test
    void aCommandThatCannotStartIsAFailedEventAndNeverStarted() {
        Pod pod = TestPods.pod("bad", "Never", new ContainerBuilder().withName("main").withImage("busybox")
                .withCommand("/nonexistent/binary").build()).build();
        workers.updatePod(pod);

        Eventually.await(WAIT, () -> events.has("Failed"), () -> "events " + events.events);

        String failed = events.events.get(events.events.size() - 1);
        // runc's message, as Kubernetes shows it
        assertEquals("node-1 Warning Failed spec.containers{main}: Error: exec: \"/nonexistent/binary\": stat "
                + "/nonexistent/binary: no such file or directory", failed);
        assertFalse(events.has("Started"), events.events.toString());
    }
}
