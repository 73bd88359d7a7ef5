package io.quarkube.kubelet.podworkers;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.quarkube.api.json.Json;
import io.quarkube.kubelet.Eventually;
import io.quarkube.kubelet.TestPods;
import io.quarkube.kubelet.node.LocalNodes;
import io.quarkube.kubelet.node.PodIpAllocator;
import io.quarkube.kubelet.runtime.PodDirs;
import io.quarkube.kubelet.runtime.ProcessRuntime;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Resource limits of the process runtime through cgroups, on real processes: a container over its memory limit is
 * killed and reported OOMKilled (exit 137), as the kubelet does; one without a limit is not; the limits are written
 * to the container's cgroup, and the cgroups go with the pod. Skipped (visibly) on hosts without usable cgroups.
 */
class ProcessLimitsTest {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final String HOG = "x = bytearray(%d*1024*1024); import time; time.sleep(%d)";

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
        Assumptions.assumeTrue(runtime.enforcesLimits(), "cgroups are not available on this host: limits untested");
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
    void aContainerOverItsMemoryLimitIsOomKilledAndRestartedWithLastStateOomKilled() {
        Pod once = TestPods.pod("hog-once", "Never", python("hog", String.format(HOG, 200, 5), "32Mi", null)).build();
        Pod always = TestPods.pod("hog-always", "Always", python("hog", String.format(HOG, 200, 5), "32Mi", null))
                .build();
        workers.updatePod(once);
        workers.updatePod(always);

        Eventually.await(WAIT, () -> "Failed".equals(sink.phase(once)), () -> "phase " + sink.phase(once));
        ContainerStatus killed = sink.container(once, "hog");
        assertEquals("OOMKilled", killed.getState().getTerminated().getReason());
        assertEquals(137, killed.getState().getTerminated().getExitCode());

        Eventually.await(WAIT, () -> restarts(always) >= 1 && sink.container(always, "hog").getLastState() != null
                        && sink.container(always, "hog").getLastState().getTerminated() != null,
                () -> "status " + sink.container(always, "hog"));
        ContainerStatus restarted = sink.container(always, "hog");
        assertEquals("OOMKilled", restarted.getLastState().getTerminated().getReason());
        assertEquals(137, restarted.getLastState().getTerminated().getExitCode());
    }

    @Test
    void aContainerWithoutALimitMayUseMoreMemory() {
        Pod pod = TestPods.pod("big", "Never", python("big", String.format(HOG, 100, 0), null, null)).build();
        workers.updatePod(pod);

        Eventually.await(WAIT, () -> "Succeeded".equals(sink.phase(pod)), () -> "phase " + sink.phase(pod));
        assertEquals("Completed", sink.container(pod, "big").getState().getTerminated().getReason());
    }

    @Test
    void limitsAreWrittenToTheContainersCgroupWhichGoesWithThePod() throws Exception {
        Pod pod = TestPods.pod("limited", "Always", python("main", "import time; time.sleep(30)", "64Mi", "500m"))
                .build();
        workers.updatePod(pod);
        Eventually.await(WAIT, () -> "Running".equals(sink.phase(pod)), () -> "phase " + sink.phase(pod));
        List<Path> podCgroups = podCgroups(pod);
        assertFalse(podCgroups.isEmpty());
        String runId = sink.container(pod, "main").getContainerID().replaceFirst(".*://", "");
        Path memory = podCgroups.get(0).resolve(runId);
        Eventually.await(WAIT, () -> !read(memory.resolve("cgroup.procs")).isBlank(), () -> "nothing in " + memory);
        assertEquals("67108864", read(memory.resolve("memory.limit_in_bytes")));
        podCgroups.stream().map(p -> p.resolve(runId).resolve("cpu.cfs_quota_us")).filter(Files::exists)
                .forEach(quota -> assertEquals("50000", read(quota)));

        workers.updatePod(TestPods.withDeletion(pod, 2));

        Eventually.await(WAIT, () -> sink.terminated.containsKey(pod.getMetadata().getUid()), () -> "not terminated");
        for (Path dir : podCgroups) {
            assertFalse(Files.exists(dir), dir + " is still there");
        }
    }

    private int restarts(Pod pod) {
        ContainerStatus status = sink.container(pod, "hog");
        return status == null || status.getRestartCount() == null ? 0 : status.getRestartCount();
    }

    /** The pod's cgroup dirs, as its sandbox state records them. */
    @SuppressWarnings("unchecked")
    private List<Path> podCgroups(Pod pod) throws Exception {
        Map<String, Object> state = Json.read(Files.readAllBytes(dirs.runDir(pod.getMetadata().getUid())
                .resolve("state.json")), Map.class);
        List<String> cgroups = (List<String>) Objects.requireNonNull(state.get("cgroups"));
        assertTrue(cgroups.stream().allMatch(c -> c.contains("/quarkube/pod" + pod.getMetadata().getUid())));
        return cgroups.stream().map(Path::of).toList();
    }

    private static String read(Path file) {
        try {
            return Files.readString(file).trim();
        } catch (Exception e) {
            return "";
        }
    }

    private static Container python(String name, String code, String memoryLimit, String cpuLimit) {
        ContainerBuilder c = new ContainerBuilder().withName(name).withImage("python:3.11")
                .withCommand("python3", "-c", code);
        if (memoryLimit != null || cpuLimit != null) {
            c.withNewResources().endResources();
            if (memoryLimit != null) {
                c.editResources().addToLimits("memory", new Quantity(memoryLimit)).endResources();
            }
            if (cpuLimit != null) {
                c.editResources().addToLimits("cpu", new Quantity(cpuLimit)).endResources();
            }
        }
        return c.build();
    }
}
