package io.quarkube.kubelet.runtime;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.quarkube.kubelet.Eventually;
import io.quarkube.kubelet.TestPods;
import io.quarkube.kubelet.logs.ContainerLogs;
import io.quarkube.kubelet.logs.LogText;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** isolation=none: host processes on the host network, volumes reached through path mapping. */
class ProcessFallbackTest {
    @TempDir
    Path workDir;
    private ScheduledExecutorService timers;
    private ProcessRuntime runtime;
    private PodDirs dirs;

    @BeforeEach
    void setUp() {
        timers = Executors.newScheduledThreadPool(1);
        dirs = new PodDirs(workDir);
        runtime = new ProcessRuntime(dirs, new ContainerLogs(Clock.systemUTC()), timers, Clock.systemUTC(),
                ProcessRuntimeOptions.defaults().withIsolation(ProcessIsolation.NONE));
    }

    @AfterEach
    void tearDown() {
        runtime.close();
        timers.shutdownNow();
    }

    @Test
    void mountPathsInCommandEnvAndWorkingDirAreMappedToTheVolumesAndThePodIsOnTheHostIp() throws Exception {
        Container writer = new ContainerBuilder(TestPods.shell("writer", "echo first > /qk-fallback/index.html; "
                + "echo \"$OUT\"; pwd")).withWorkingDir("/qk-fallback/work")
                .addNewVolumeMount().withName("content").withMountPath("/qk-fallback").endVolumeMount()
                .addNewEnv().withName("OUT").withValue("/qk-fallback/index.html").endEnv().build();
        Pod pod = new PodBuilder(TestPods.pod("fallback", "Never", writer).build()).editSpec()
                .addNewVolume().withName("content").withNewEmptyDir().endEmptyDir().endVolume().endSpec().build();
        PodSandbox sandbox = runtime.createSandbox(pod, "node-1", "10.244.1.9");
        Path volume = dirs.volumeDir(sandbox.uid(), "content");

        assertFalse(runtime.usesNamespaces());
        assertEquals("127.0.0.1", sandbox.podIP(), "a pod on the host network has the host's IP");
        ContainerHandle handle = runtime.startContainer(sandbox, pod, writer);
        assertEquals(0, handle.exited().get(10, TimeUnit.SECONDS).exitCode());

        assertEquals("first\n", Files.readString(volume.resolve("index.html")));
        assertEquals(volume.resolve("index.html") + "\n" + volume.resolve("work") + "\n",
                LogText.of(dirs.logFile(sandbox.uid(), "writer")));
        assertFalse(Files.exists(Path.of("/qk-fallback")), "nothing is created at the mountPath on the host");
    }

    @Test
    void execIsMappedTheSameWay() throws Exception {
        Container c = new ContainerBuilder(TestPods.shell("main", "echo ready > /qk-fallback/state; sleep 30"))
                .addNewVolumeMount().withName("v").withMountPath("/qk-fallback").endVolumeMount()
                .addNewEnv().withName("STATE").withValue("/qk-fallback/state").endEnv().build();
        Pod pod = new PodBuilder(TestPods.pod("fallback", "Always", c).build()).editSpec()
                .addNewVolume().withName("v").withNewEmptyDir().endEmptyDir().endVolume().endSpec().build();
        PodSandbox sandbox = runtime.createSandbox(pod, "node-1", "10.244.1.9");
        ContainerHandle handle = runtime.startContainer(sandbox, pod, c);
        Path state = dirs.volumeDir(sandbox.uid(), "v").resolve("state");
        Eventually.await(Duration.ofSeconds(5), () -> Files.exists(state), () -> "the container wrote nothing");

        ExecResult result = runtime.exec(sandbox, handle, List.of("sh", "-c", "cat /qk-fallback/state $STATE"),
                Duration.ofSeconds(5));

        assertEquals(new ExecResult(0, "ready\nready\n", false), result);
        assertTrue(runtime.stopContainer(handle, Duration.ofSeconds(1)).get(5, TimeUnit.SECONDS).exitCode() > 128);
    }
}
