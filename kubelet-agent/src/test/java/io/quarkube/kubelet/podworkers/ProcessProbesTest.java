package io.quarkube.kubelet.podworkers;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodStatus;
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

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Probes and hooks against real processes, on the real clock. Network checks use hostNetwork pods on 127.0.0.1 so
 * that they do not depend on how pod IPs are reachable from the agent; files shared between a container and its
 * hooks are named by absolute paths in the environment, which exec hooks inherit.
 */
class ProcessProbesTest {
    private static final Duration WAIT = Duration.ofSeconds(15);

    @TempDir
    Path workDir;
    @TempDir
    Path shared;
    private final ScheduledExecutorService timers = Executors.newScheduledThreadPool(2);
    private final ExecutorService executor = Executors.newFixedThreadPool(2);
    private final RecordingStatusSink sink = new RecordingStatusSink();
    private final RecordingEvents events = new RecordingEvents();
    private ProcessRuntime runtime;
    private SerialPodWorkers workers;

    @BeforeEach
    void setUp() throws IOException {
        // containers may run as an unprivileged user (user namespaces): let them use the shared directory
        Files.setPosixFilePermissions(shared, PosixFilePermissions.fromString("rwxrwxrwx"));
        runtime = new ProcessRuntime(new PodDirs(workDir), timers, Clock.systemUTC());
        KubeletPodSyncer syncer = new KubeletPodSyncer(runtime, sink, new PodIpAllocator(new LocalNodes("node", 1)),
                Clock.systemUTC(), CrashBackoff::new, events);
        workers = new SerialPodWorkers(syncer, executor, timers);
    }

    @AfterEach
    void tearDown() {
        workers.stop();
        runtime.close();
        timers.shutdownNow();
        executor.shutdownNow();
    }

    @Test
    void anHttpGetReadinessProbeMakesThePodReadyAndATcpSocketLivenessProbeKeepsItAlive() throws IOException {
        int port = freePort();
        Files.writeString(shared.resolve("index.html"), "hello\n");
        Files.setPosixFilePermissions(shared.resolve("index.html"), PosixFilePermissions.fromString("rw-r--r--"));
        Container web = new ContainerBuilder().withName("web").withImage("python:3.11")
                .withCommand("python3", "-m", "http.server", String.valueOf(port), "--bind", "127.0.0.1",
                        "--directory", shared.toString())
                .addNewPort().withName("http").withContainerPort(port).endPort()
                .withNewReadinessProbe().withNewHttpGet().withPath("/index.html").withNewPort(port).endHttpGet()
                .withPeriodSeconds(1).endReadinessProbe()
                .withNewLivenessProbe().withNewTcpSocket().withHost("127.0.0.1").withNewPort("http").endTcpSocket()
                .withPeriodSeconds(1).endLivenessProbe().build();
        Pod pod = hostNetwork(TestPods.pod("web", "Always", web).build());

        workers.updatePod(pod);

        Eventually.await(WAIT, () -> "True".equals(condition(pod, "Ready")), () -> "events " + events.events);
        assertTrue(sink.container(pod, "web").getReady());
        assertEquals("True", condition(pod, "ContainersReady"));
        assertFalse(events.has("Killing"), events.events.toString());
        assertEquals(0, sink.container(pod, "web").getRestartCount());
    }

    @Test
    void aFailingExecLivenessProbeKillsTheContainerAndItIsRestarted() {
        Path mark = shared.resolve("alive");
        Container main = new ContainerBuilder(TestPods.shell("main", "touch \"$MARK\"; sleep 1; rm \"$MARK\"; exec sleep 100"))
                .addNewEnv().withName("MARK").withValue(mark.toString()).endEnv()
                .withNewLivenessProbe().withNewExec().withCommand("sh", "-c", "cat \"$MARK\"").endExec()
                .withPeriodSeconds(1).withFailureThreshold(1).endLivenessProbe().build();
        Pod pod = withGrace(TestPods.pod("live", "Always", main).build(), 2);

        workers.updatePod(pod);

        Eventually.await(WAIT, () -> restarts(pod, "main") >= 1, () -> "events " + events.events);
        ContainerStatus status = sink.container(pod, "main");
        assertNotEquals(0, status.getLastState().getTerminated().getExitCode(), "killed by a signal");
        assertTrue(events.events.contains("node-1 Warning Unhealthy spec.containers{main}: Liveness probe failed: cat: "
                + mark + ": No such file or directory\n"), events.events.toString());
        assertTrue(events.events.contains("node-1 Normal Killing spec.containers{main}: Container main failed "
                + "liveness probe, will be restarted"), events.events.toString());
    }

    @Test
    void anExecProbeStillRunningAtItsTimeoutFails() {
        Container main = new ContainerBuilder(TestPods.shell("main", "exec sleep 100"))
                .withNewReadinessProbe().withNewExec().withCommand("sleep", "3").endExec().withTimeoutSeconds(1)
                .withPeriodSeconds(1).endReadinessProbe().build();
        Pod pod = TestPods.pod("slow", "Always", main).build();

        workers.updatePod(pod);

        Eventually.await(WAIT, () -> events.events.contains("node-1 Warning Unhealthy spec.containers{main}: "
                + "Readiness probe failed: command \"sleep 3\" timed out"), () -> "events " + events.events);
        assertFalse(sink.container(pod, "main").getReady());
        assertEquals("False", condition(pod, "Ready"));
    }

    @Test
    void aPostStartExecHookWritesAFileTheContainerReads() throws IOException {
        Path file = shared.resolve("hook.txt");
        Container main = new ContainerBuilder(TestPods.shell("main",
                "while [ ! -f \"$FILE\" ]; do sleep 0.05; done; cp \"$FILE\" \"$FILE.seen\""))
                .addNewEnv().withName("FILE").withValue(file.toString()).endEnv()
                .withNewLifecycle().withNewPostStart().withNewExec()
                .withCommand("sh", "-c", "echo from-postStart > \"$FILE\"").endExec().endPostStart().endLifecycle()
                .build();
        Pod pod = TestPods.pod("hooked", "Never", main).build();

        workers.updatePod(pod);

        Eventually.await(WAIT, () -> "Succeeded".equals(sink.phase(pod)), () -> "status " + sink.status(pod));
        assertEquals("from-postStart\n", Files.readString(shared.resolve("hook.txt.seen")));
    }

    @Test
    void aFailingPostStartHookKillsTheContainerAndTheRestartPolicyRestartsIt() {
        Container main = new ContainerBuilder(TestPods.shell("main", "exec sleep 100"))
                .withNewLifecycle().withNewPostStart().withNewExec().withCommand("sh", "-c", "exit 3").endExec()
                .endPostStart().endLifecycle().build();
        Pod pod = withGrace(TestPods.pod("hooked", "Always", main).build(), 2);

        workers.updatePod(pod);

        Eventually.await(WAIT, () -> restarts(pod, "main") >= 1, () -> "events " + events.events);
        assertTrue(events.events.contains("node-1 Warning FailedPostStartHook spec.containers{main}: PostStartHook "
                + "failed"), events.events.toString());
        assertTrue(events.events.contains("node-1 Normal Killing spec.containers{main}: FailedPostStartHook"));
    }

    @Test
    void preStopRunsBeforeTheContainerGetsSigterm() throws IOException {
        Path order = shared.resolve("order");
        Container main = new ContainerBuilder(TestPods.shell("main",
                "trap 'echo term >> \"$ORDER\"; exit 0' TERM; while true; do sleep 0.1; done"))
                .addNewEnv().withName("ORDER").withValue(order.toString()).endEnv()
                .withNewLifecycle().withNewPreStop().withNewExec()
                .withCommand("sh", "-c", "echo prestop >> \"$ORDER\"").endExec().endPreStop().endLifecycle().build();
        Pod pod = TestPods.pod("graceful", "Always", main).build();
        workers.updatePod(pod);
        Eventually.await(WAIT, () -> "Running".equals(sink.phase(pod)), () -> "status " + sink.status(pod));

        workers.updatePod(TestPods.withDeletion(pod, 5));

        Eventually.await(WAIT, () -> sink.terminated.containsKey(pod.getMetadata().getUid()), () -> "not terminated");
        assertEquals("prestop\nterm\n", Files.readString(order));
    }

    @Test
    void aPodPastItsActiveDeadlineIsStoppedAndFailed() {
        Pod pod = new PodBuilder(withGrace(TestPods.pod("deadline", "Always",
                TestPods.shell("main", "exec sleep 100")).build(), 2)).editSpec().withActiveDeadlineSeconds(1L)
                .endSpec().build();

        workers.updatePod(pod);

        Eventually.await(WAIT, () -> "Failed".equals(sink.phase(pod)), () -> "status " + sink.status(pod));
        PodStatus status = sink.status(pod);
        assertEquals("DeadlineExceeded", status.getReason());
        assertEquals("Pod was active on the node longer than the specified deadline", status.getMessage());
        assertNotEquals(0, sink.container(pod, "main").getState().getTerminated().getExitCode());
        assertTrue(events.has("DeadlineExceeded"), events.events.toString());
    }

    private String condition(Pod pod, String type) {
        return Optional.ofNullable(sink.status(pod)).flatMap(s -> s.getConditions().stream()
                .filter(c -> c.getType().equals(type)).findFirst()).map(c -> c.getStatus()).orElse(null);
    }

    private int restarts(Pod pod, String container) {
        ContainerStatus status = sink.container(pod, container);
        return status == null ? 0 : status.getRestartCount();
    }

    private static Pod hostNetwork(Pod pod) {
        return new PodBuilder(pod).editSpec().withHostNetwork(true).endSpec().build();
    }

    private static Pod withGrace(Pod pod, long seconds) {
        return new PodBuilder(pod).editSpec().withTerminationGracePeriodSeconds(seconds).endSpec().build();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
