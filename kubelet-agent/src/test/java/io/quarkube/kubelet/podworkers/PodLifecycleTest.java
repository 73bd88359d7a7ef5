package io.quarkube.kubelet.podworkers;

import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.quarkube.kubelet.Eventually;
import io.quarkube.kubelet.TestPods;
import io.quarkube.kubelet.node.LocalNodes;
import io.quarkube.kubelet.node.PodIpAllocator;
import io.quarkube.kubelet.runtime.SimulatedRuntime;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The pod workers and syncer on the simulated runtime, with a recording sink instead of the api-server. */
class PodLifecycleTest {
    private static final Duration WAIT = Duration.ofSeconds(5);

    private final ScheduledExecutorService timers = Executors.newScheduledThreadPool(2);
    private final ExecutorService executor = Executors.newFixedThreadPool(2);
    private final RecordingStatusSink sink = new RecordingStatusSink();
    private final SimulatedRuntime runtime = new SimulatedRuntime(timers, Clock.systemUTC(), Duration.ofMillis(30));
    private final KubeletPodSyncer syncer = new KubeletPodSyncer(runtime, sink,
            new PodIpAllocator(new LocalNodes("node", 1)), Clock.systemUTC(),
            () -> new CrashBackoff(Duration.ofMillis(300), Duration.ofSeconds(1)));
    private final SerialPodWorkers workers = new SerialPodWorkers(syncer, executor, timers);

    @AfterEach
    void tearDown() {
        runtime.close();
        timers.shutdownNow();
        executor.shutdownNow();
    }

    @Test
    void aPodGoesFromContainerCreatingToRunningAndReady() {
        Pod pod = TestPods.pod("web", "Always", TestPods.image("nginx")).build();

        workers.updatePod(pod);

        Eventually.await(WAIT, () -> sink.phase(pod) != null, () -> "no status");
        assertEquals("ContainerCreating", sink.history.get(0).getContainerStatuses().get(0).getState().getWaiting()
                .getReason());
        Eventually.await(WAIT, () -> "Running".equals(sink.phase(pod)), () -> "phase " + sink.phase(pod));
        ContainerStatus web = sink.container(pod, "nginx");
        assertTrue(web.getReady());
        assertTrue(web.getStarted());
        assertNotNull(web.getState().getRunning().getStartedAt());
        assertTrue(web.getContainerID().startsWith("quarkube://"));
        assertTrue(web.getImageID().startsWith("docker.io/library/nginx@sha256:"));
        assertEquals("10.244.1.2", sink.status(pod).getPodIP());
        assertEquals("True", sink.status(pod).getConditions().get(2).getStatus());
    }

    @Test
    void neverWithANonZeroExitFails() {
        Pod pod = simulatedExit(TestPods.pod("job", "Never", TestPods.image("task")).build(), 1);

        workers.updatePod(pod);

        Eventually.await(WAIT, () -> "Failed".equals(sink.phase(pod)), () -> "phase " + sink.phase(pod));
        ContainerStatus task = sink.container(pod, "task");
        assertEquals(1, task.getState().getTerminated().getExitCode());
        assertEquals("Error", task.getState().getTerminated().getReason());
        assertEquals(0, task.getRestartCount());
    }

    @Test
    void onFailureWithAZeroExitSucceeds() {
        Pod pod = simulatedExit(TestPods.pod("job", "OnFailure", TestPods.image("task")).build(), 0);

        workers.updatePod(pod);

        Eventually.await(WAIT, () -> "Succeeded".equals(sink.phase(pod)), () -> "phase " + sink.phase(pod));
        assertEquals("Completed", sink.container(pod, "task").getState().getTerminated().getReason());
    }

    @Test
    void alwaysRestartsWithBackoffAndReportsCrashLoopBackOff() {
        Pod pod = simulatedExit(TestPods.pod("crash", "Always", TestPods.image("app")).build(), 2);

        workers.updatePod(pod);

        Eventually.await(WAIT, () -> sink.history.stream().anyMatch(s -> s.getContainerStatuses().get(0).getState()
                .getWaiting() != null && "CrashLoopBackOff".equals(s.getContainerStatuses().get(0).getState()
                .getWaiting().getReason())), () -> "never in CrashLoopBackOff");
        Eventually.await(WAIT, () -> sink.container(pod, "app").getRestartCount() >= 3,
                () -> "restarts " + sink.container(pod, "app").getRestartCount());
        ContainerStatus app = sink.container(pod, "app");
        assertEquals("Running", sink.phase(pod), "a container that will restart keeps the pod Running");
        assertEquals(2, app.getLastState().getTerminated().getExitCode());
    }

    @Test
    void initContainersRunBeforeAppContainers() {
        Pod pod = new PodBuilder(TestPods.pod("init", "Always", TestPods.image("app")).build()).editSpec()
                .addToInitContainers(TestPods.image("setup")).endSpec().build();

        workers.updatePod(pod);

        Eventually.await(WAIT, () -> "Running".equals(sink.phase(pod)), () -> "phase " + sink.phase(pod) + " " + sink.history);
        assertEquals("PodInitializing", sink.history.get(0).getContainerStatuses().get(0).getState().getWaiting()
                .getReason());
        ContainerStatus setup = sink.container(pod, "setup");
        assertEquals("Completed", setup.getState().getTerminated().getReason());
        assertEquals("True", sink.status(pod).getConditions().get(1).getStatus());
    }

    @Test
    void aDeletedPodIsStoppedThenItsDeletionConfirmedAndForgottenOnceGone() {
        Pod pod = TestPods.pod("web", "Always", TestPods.image("nginx")).build();
        workers.updatePod(pod);
        Eventually.await(WAIT, () -> "Running".equals(sink.phase(pod)), () -> "phase " + sink.phase(pod));

        workers.updatePod(TestPods.withDeletion(pod, 30));

        Eventually.await(WAIT, () -> sink.terminated.containsKey(pod.getMetadata().getUid()), () -> "not terminated");
        assertTrue(sink.terminated.get(pod.getMetadata().getUid()), "still in the API: confirm the deletion");
        assertEquals(PodWorkerState.TERMINATED, workers.state(pod.getMetadata().getUid()).orElseThrow());
        assertEquals(0, syncer.runningPods());
        workers.updatePod(pod); // a late update never restarts a terminated UID
        assertEquals(PodWorkerState.TERMINATED, workers.state(pod.getMetadata().getUid()).orElseThrow());

        workers.removePod(pod);
        assertEquals(0, workers.knownPods());
    }

    @Test
    void aPodRemovedFromTheApiIsStoppedWithoutConfirmation() {
        Pod pod = TestPods.pod("web", "Always", TestPods.image("nginx")).build();
        workers.updatePod(pod);
        Eventually.await(WAIT, () -> "Running".equals(sink.phase(pod)), () -> "phase " + sink.phase(pod));

        workers.removePod(pod);

        Eventually.await(WAIT, () -> workers.knownPods() == 0, () -> "still known");
        assertFalse(sink.terminated.get(pod.getMetadata().getUid()));
    }

    @Test
    void aPodThatFinishedBeforeTheAgentStartedIsNotRunAgain() throws Exception {
        Pod pod = new PodBuilder(TestPods.pod("done", "Never", TestPods.image("task")).build())
                .editStatus().withPhase("Succeeded").endStatus().build();

        workers.updatePod(pod);
        Thread.sleep(200);

        assertNull(sink.status(pod));
        assertEquals(0, syncer.runningPods());
    }

    private static Pod simulatedExit(Pod pod, int code) {
        return new PodBuilder(pod).editMetadata().addToAnnotations(SimulatedRuntime.EXIT_CODE, String.valueOf(code))
                .addToAnnotations(SimulatedRuntime.RUN_SECONDS, "0.05").endMetadata().build();
    }
}
