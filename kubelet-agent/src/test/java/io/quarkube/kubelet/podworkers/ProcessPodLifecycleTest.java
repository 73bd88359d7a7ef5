package io.quarkube.kubelet.podworkers;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.quarkube.kubelet.Eventually;
import io.quarkube.kubelet.TestPods;
import io.quarkube.kubelet.logs.LogText;
import io.quarkube.kubelet.node.LocalNodes;
import io.quarkube.kubelet.node.PodIpAllocator;
import io.quarkube.kubelet.runtime.PodDirs;
import io.quarkube.kubelet.runtime.ProcessRuntime;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
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

/** Whole pods on real host processes: init then app containers sharing an emptyDir, and deletion. */
class ProcessPodLifecycleTest {
    private static final Duration WAIT = Duration.ofSeconds(10);

    @TempDir
    Path workDir;
    private final ScheduledExecutorService timers = Executors.newScheduledThreadPool(2);
    private final ExecutorService executor = Executors.newFixedThreadPool(2);
    private final RecordingStatusSink sink = new RecordingStatusSink();
    private PodDirs dirs;
    private ProcessRuntime runtime;
    private SerialPodWorkers workers;

    @BeforeEach
    void setUp() {
        dirs = new PodDirs(workDir);
        runtime = new ProcessRuntime(dirs, timers, Clock.systemUTC());
        KubeletPodSyncer syncer = new KubeletPodSyncer(runtime, sink, new PodIpAllocator(new LocalNodes("node", 1)),
                Clock.systemUTC(), CrashBackoff::new);
        workers = new SerialPodWorkers(syncer, executor, timers);
    }

    @AfterEach
    void tearDown() {
        runtime.close();
        timers.shutdownNow();
        executor.shutdownNow();
    }

    @Test
    void initContainerOutputIsSeenByTheAppContainerThroughAnEmptyDir() throws Exception {
        Pod pod = new PodBuilder(TestPods.pod("job", "Never",
                TestPods.shell("main", "cat volumes/shared/greeting; exit 0")).build())
                .editSpec()
                .addToInitContainers(TestPods.shell("setup", "echo 'hello from init' > volumes/shared/greeting"))
                .addNewVolume().withName("shared").withNewEmptyDir().endEmptyDir().endVolume()
                .endSpec().build();

        workers.updatePod(pod);

        Eventually.await(WAIT, () -> "Succeeded".equals(sink.phase(pod)), () -> "phase " + sink.phase(pod));
        assertEquals("hello from init\n", LogText.of(dirs.logFile(pod.getMetadata().getUid(), "main")));
        assertEquals(0, sink.container(pod, "setup").getState().getTerminated().getExitCode());
    }

    @Test
    void aFailingInitContainerFailsANeverPodAndAppContainersNeverStart() {
        Pod pod = new PodBuilder(TestPods.pod("job", "Never", TestPods.shell("main", "exit 0")).build())
                .editSpec().addToInitContainers(TestPods.shell("setup", "exit 7")).endSpec().build();

        workers.updatePod(pod);

        Eventually.await(WAIT, () -> "Failed".equals(sink.phase(pod)), () -> "phase " + sink.phase(pod));
        assertEquals(7, sink.container(pod, "setup").getState().getTerminated().getExitCode());
        assertEquals("PodInitializing", sink.container(pod, "main").getState().getWaiting().getReason());
    }

    @Test
    void deletingAPodKillsItsProcessTreeAndRemovesItsWorkDir() throws Exception {
        Pod pod = new PodBuilder(TestPods.pod("sleepy", "Always", TestPods.shell("main", "sleep 100 & sleep 100"))
                .build()).editSpec().withTerminationGracePeriodSeconds(5L).endSpec().build();
        workers.updatePod(pod);
        Eventually.await(WAIT, () -> "Running".equals(sink.phase(pod)), () -> "phase " + sink.phase(pod));
        Path podDir = dirs.podDir(pod.getMetadata().getUid());
        Eventually.await(WAIT, () -> sleepsIn(podDir).size() >= 2, () -> "sleeps: " + sleepsIn(podDir));
        List<ProcessHandle> tree = sleepsIn(podDir);

        workers.updatePod(TestPods.withDeletion(pod, 5));

        Eventually.await(WAIT, () -> sink.terminated.containsKey(pod.getMetadata().getUid()), () -> "not terminated");
        Eventually.await(WAIT, () -> tree.stream().noneMatch(ProcessHandle::isAlive), () -> "alive: " + tree);
        assertFalse(Files.exists(podDir));
        assertTrue(sink.terminated.get(pod.getMetadata().getUid()));
    }

    @Test
    void aCrashingContainerIsRestartedAtOnceThenAfterTheRealTenSecondBackOff() {
        Pod pod = TestPods.pod("crashy", "Always", TestPods.shell("main", "exit 1")).build();

        workers.updatePod(pod);

        Duration realBackOff = Duration.ofSeconds(15);
        Eventually.await(WAIT, () -> restarts(pod) >= 1, () -> "restarts " + restarts(pod));
        Eventually.await(WAIT, () -> "CrashLoopBackOff".equals(waitingReason(pod)), () -> "state " + waitingReason(pod));
        assertTrue(sink.container(pod, "main").getState().getWaiting().getMessage().startsWith("back-off 10s "),
                sink.container(pod, "main").getState().getWaiting().getMessage());
        java.time.Instant crashed = java.time.Instant.parse(
                sink.container(pod, "main").getLastState().getTerminated().getFinishedAt());
        Eventually.await(realBackOff, () -> restarts(pod) >= 2, () -> "restarts " + restarts(pod));
        // seen within a poll of the restart; the crash time is the second run's reported finishedAt
        long waited = Duration.between(crashed, java.time.Instant.now()).toMillis();
        assertTrue(waited >= 9_500 && waited < 14_000, "restarted " + waited + " ms after the crash");
    }

    private int restarts(Pod pod) {
        return sink.phase(pod) == null ? 0 : sink.container(pod, "main").getRestartCount();
    }

    private String waitingReason(Pod pod) {
        var waiting = sink.container(pod, "main").getState().getWaiting();
        return waiting == null ? null : waiting.getReason();
    }

    /** The agent's child processes whose working directory is the pod's. */
    private static List<ProcessHandle> sleepsIn(Path podDir) {
        return ProcessHandle.current().descendants().filter(ProcessHandle::isAlive)
                .filter(p -> {
                    try {
                        return Files.readSymbolicLink(Path.of("/proc", String.valueOf(p.pid()), "cwd"))
                                .equals(podDir.toRealPath());
                    } catch (Exception e) {
                        return false;
                    }
                }).toList();
    }
}
