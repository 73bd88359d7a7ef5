package io.quarkube.kubelet.runtime;

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
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ProcessRuntimeTest {
    @TempDir
    Path workDir;
    private ScheduledExecutorService timers;
    private ProcessRuntime runtime;
    private PodDirs dirs;

    @BeforeEach
    void setUp() {
        timers = Executors.newScheduledThreadPool(1);
        dirs = new PodDirs(workDir);
        runtime = new ProcessRuntime(dirs, timers, Clock.systemUTC());
    }

    @AfterEach
    void tearDown() {
        runtime.close();
        timers.shutdownNow();
    }

    @Test
    void runsTheCommandAndReportsItsExitCodeAndLog() throws Exception {
        Pod pod = TestPods.pod("p", "Never", TestPods.shell("main", "echo hi; exit 3")).build();
        PodSandbox sandbox = runtime.createSandbox(pod, "node-1", "10.244.1.2");

        ContainerHandle handle = runtime.startContainer(sandbox, pod, pod.getSpec().getContainers().get(0));
        ContainerExit exit = handle.exited().get(10, TimeUnit.SECONDS);

        assertEquals(3, exit.exitCode());
        assertEquals("Error", exit.reason());
        assertEquals("hi\n", LogText.of(dirs.logFile(sandbox.uid(), "main")));
        assertEquals(ContainerRuntimeStatus.State.EXITED, handle.status().state());
    }

    @Test
    void zeroExitIsCompletedAndARestartKeepsThePreviousRunsLog() throws Exception {
        Pod pod = TestPods.pod("p", "Never", TestPods.shell("main", "echo run $RUN")).build();
        PodSandbox sandbox = runtime.createSandbox(pod, "node-1", "10.244.1.2");

        for (int i = 1; i <= 3; i++) {
            var container = new ContainerBuilder(pod.getSpec().getContainers().get(0))
                    .addNewEnv().withName("RUN").withValue(Integer.toString(i)).endEnv().build();
            ContainerExit exit = runtime.startContainer(sandbox, pod, container).exited().get(10, TimeUnit.SECONDS);
            assertEquals(0, exit.exitCode());
            assertEquals("Completed", exit.reason());
        }
        Path log = dirs.logFile(sandbox.uid(), "main");
        assertEquals("run 3\n", LogText.of(log));
        assertEquals("run 2\n", LogText.of(ContainerLogs.previous(log)));
    }

    @Test
    void stdoutAndStderrLinesAreTimestampedInTheLogAndTheExitWaitsForThem() throws Exception {
        Pod pod = TestPods.pod("p", "Never", TestPods.shell("main", "echo out; echo err >&2; printf 'no newline'"))
                .build();
        PodSandbox sandbox = runtime.createSandbox(pod, "node-1", "10.244.1.2");

        runtime.startContainer(sandbox, pod, pod.getSpec().getContainers().get(0)).exited().get(10, TimeUnit.SECONDS);

        List<String> lines = Files.readAllLines(dirs.logFile(sandbox.uid(), "main"));
        assertEquals(3, lines.size(), lines.toString());
        String ts = "\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{9}Z ";
        assertTrue(lines.stream().anyMatch(l -> l.matches(ts + "stdout F out")), lines.toString());
        assertTrue(lines.stream().anyMatch(l -> l.matches(ts + "stderr F err")), lines.toString());
        assertTrue(lines.stream().anyMatch(l -> l.matches(ts + "stdout P no newline")), lines.toString());
    }

    @Test
    void stoppingKillsTheWholeProcessTree() throws Exception {
        Pod pod = TestPods.pod("p", "Always", TestPods.shell("main", "sleep 100 & sleep 100")).build();
        PodSandbox sandbox = runtime.createSandbox(pod, "node-1", "10.244.1.2");
        ContainerHandle handle = runtime.startContainer(sandbox, pod, pod.getSpec().getContainers().get(0));
        ProcessHandle root = ProcessHandle.of(processOf(handle)).orElseThrow();
        Eventually.await(Duration.ofSeconds(5), () -> root.descendants().count() >= 2,
                () -> "sh should have started two sleeps, has " + root.descendants().count());
        List<ProcessHandle> tree = root.descendants().toList();

        long started = System.nanoTime();
        ContainerExit exit = runtime.stopContainer(handle, Duration.ofSeconds(10)).get(15, TimeUnit.SECONDS);

        assertTrue(Duration.ofNanos(System.nanoTime() - started).toSeconds() < 5, "SIGTERM should be enough");
        assertEquals(143, exit.exitCode(), "sh died of SIGTERM");
        assertFalse(root.isAlive());
        Eventually.await(Duration.ofSeconds(5), () -> tree.stream().noneMatch(ProcessHandle::isAlive),
                () -> "descendants still alive: " + tree.stream().filter(ProcessHandle::isAlive).toList());
    }

    @Test
    void killsWithSigkillWhenTheGracePeriodEnds() throws Exception {
        Pod pod = TestPods.pod("p", "Always", TestPods.shell("main", "trap '' TERM; sleep 100 & sleep 100")).build();
        PodSandbox sandbox = runtime.createSandbox(pod, "node-1", "10.244.1.2");
        ContainerHandle handle = runtime.startContainer(sandbox, pod, pod.getSpec().getContainers().get(0));
        ProcessHandle root = ProcessHandle.of(processOf(handle)).orElseThrow();
        Eventually.await(Duration.ofSeconds(5), () -> root.descendants().count() >= 2, () -> "sleeps not started");
        List<ProcessHandle> tree = root.descendants().toList();

        long started = System.nanoTime();
        ContainerExit exit = runtime.stopContainer(handle, Duration.ofSeconds(1)).get(10, TimeUnit.SECONDS);

        assertTrue(Duration.ofNanos(System.nanoTime() - started).toMillis() >= 900, "waited for the grace period");
        assertEquals(137, exit.exitCode());
        Eventually.await(Duration.ofSeconds(5), () -> tree.stream().noneMatch(ProcessHandle::isAlive),
                () -> "descendants still alive: " + tree.stream().filter(ProcessHandle::isAlive).toList());
    }

    @Test
    void aContainerStoppedWhileItIsStillLaunchingEndsWithNothingLeft() throws Exception {
        // stopped at once, at whatever step of nsenter, unshare, the launch script or the command's fork it is
        String seconds = "100." + (System.nanoTime() % 1_000_000); // tells this test's sleeps from any other
        Pod pod = TestPods.pod("p", "Always", TestPods.shell("main", "sleep " + seconds)).build();
        PodSandbox sandbox = runtime.createSandbox(pod, "node-1", "10.244.1.2");
        for (int i = 0; i < 10; i++) {
            ContainerHandle handle = runtime.startContainer(sandbox, pod, pod.getSpec().getContainers().get(0));
            Thread.sleep(i * 7L);
            runtime.stopContainer(handle, Duration.ofSeconds(1)).get(5, TimeUnit.SECONDS);
        }
        Eventually.await(Duration.ofSeconds(3), () -> ProcessHandle.allProcesses()
                .noneMatch(p -> p.isAlive() && p.info().commandLine().orElse("").contains(seconds)),
                () -> "processes of the stopped runs are left (an orphaned sleep?)");
    }

    @Test
    void sigintEndsTheCommandAsItWouldAContainersProcess() throws Exception {
        // the launcher runs the command as a foreground child: a background job of dash would ignore SIGINT
        Pod pod = TestPods.pod("p", "Never", new ContainerBuilder().withName("main").withImage("busybox")
                .withCommand("sleep", "100").build()).build();
        PodSandbox sandbox = runtime.createSandbox(pod, "node-1", "10.244.1.2");
        ContainerHandle handle = runtime.startContainer(sandbox, pod, pod.getSpec().getContainers().get(0));
        long pid = processOf(handle);
        Eventually.await(Duration.ofSeconds(5), () -> ProcessHandle.of(pid).flatMap(p -> p.info().command())
                .map(c -> c.endsWith("sleep")).orElse(false), () -> "sleep not started");

        new ProcessBuilder("kill", "-INT", Long.toString(pid)).start().waitFor();

        assertEquals(130, handle.exited().get(5, TimeUnit.SECONDS).exitCode(), "128 + SIGINT");
    }

    @Test
    void aContainerWithoutCommandRunsSimulatedUntilStopped() throws Exception {
        Pod pod = TestPods.pod("p", "Always", TestPods.image("web")).build();
        PodSandbox sandbox = runtime.createSandbox(pod, "node-1", "10.244.1.2");

        ContainerHandle handle = runtime.startContainer(sandbox, pod, pod.getSpec().getContainers().get(0));

        assertEquals(ContainerRuntimeStatus.State.RUNNING, handle.status().state());
        assertNull(processOrNull(handle));
        assertEquals(0, runtime.stopContainer(handle, Duration.ofSeconds(1)).get(1, TimeUnit.SECONDS).exitCode());
    }

    @Test
    void envEmptyDirAndWorkDirAreThePods() throws Exception {
        Pod pod = new PodBuilder(TestPods.pod("p", "Never", new ContainerBuilder().withName("main").withImage("busybox")
                .withCommand("sh", "-c").withArgs("echo \"$GREETING $(NAME) $HOSTNAME\" > volumes/cache/out; pwd")
                .addNewEnv().withName("NAME").withValue("world").endEnv()
                .addNewEnv().withName("GREETING").withValue("hello").endEnv()
                .build()).build())
                .editSpec().addNewVolume().withName("cache").withNewEmptyDir().endEmptyDir().endVolume().endSpec()
                .build();
        PodSandbox sandbox = runtime.createSandbox(pod, "node-1", "10.244.1.2");

        ContainerExit exit = runtime.startContainer(sandbox, pod, pod.getSpec().getContainers().get(0))
                .exited().get(10, TimeUnit.SECONDS);

        assertEquals(0, exit.exitCode());
        assertEquals("hello world p\n", Files.readString(dirs.volumeDir(sandbox.uid(), "cache").resolve("out")));
        assertEquals(dirs.podDir(sandbox.uid()).toRealPath() + "\n",
                LogText.of(dirs.logFile(sandbox.uid(), "main")));
        runtime.removeSandbox(sandbox);
        assertFalse(Files.exists(dirs.podDir(sandbox.uid())));
    }

    @Test
    void aCommandThatCannotStartIsAStartError() throws Exception {
        Pod pod = TestPods.pod("p", "Never", new ContainerBuilder().withName("main").withImage("x")
                .withCommand("/nonexistent/binary").build()).build();
        PodSandbox sandbox = runtime.createSandbox(pod, "node-1", "10.244.1.2");

        ContainerExit exit = runtime.startContainer(sandbox, pod, pod.getSpec().getContainers().get(0))
                .exited().get(1, TimeUnit.SECONDS);

        assertEquals(128, exit.exitCode());
        assertEquals("StartError", exit.reason());
    }

    private long processOf(ContainerHandle handle) {
        Long pid = processOrNull(handle);
        if (pid == null) {
            throw new AssertionError("no process for " + handle.id());
        }
        return pid;
    }

    private Long processOrNull(ContainerHandle handle) {
        return runtime.pid(handle.id()).orElse(null);
    }
}
