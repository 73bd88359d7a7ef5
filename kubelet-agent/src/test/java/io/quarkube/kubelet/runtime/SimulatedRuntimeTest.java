package io.quarkube.kubelet.runtime;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.quarkube.kubelet.TestPods;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SimulatedRuntimeTest {
    private final ScheduledExecutorService timers = Executors.newScheduledThreadPool(1);
    private final SimulatedRuntime runtime = new SimulatedRuntime(timers, Clock.systemUTC(), Duration.ofMillis(200));

    @AfterEach
    void tearDown() {
        runtime.close();
        timers.shutdownNow();
    }

    @Test
    void containersRunAfterTheStartDelayAndUntilStopped() throws Exception {
        Pod pod = TestPods.pod("p", "Always", TestPods.image("web")).build();
        PodSandbox sandbox = runtime.createSandbox(pod, "node-1", "10.244.1.2");
        long begin = System.nanoTime();

        ContainerHandle handle = runtime.startContainer(sandbox, pod, pod.getSpec().getContainers().get(0));

        assertEquals(ContainerRuntimeStatus.State.CREATED, handle.status().state());
        handle.started().get(2, TimeUnit.SECONDS);
        long waited = Duration.ofNanos(System.nanoTime() - begin).toMillis();
        assertTrue(waited >= 190 && waited < 1500, "started after about 200 ms, took " + waited);
        assertEquals(ContainerRuntimeStatus.State.RUNNING, handle.status().state());
        Thread.sleep(300);
        assertFalse(handle.exited().isDone(), "no annotations: runs until stopped");

        ContainerExit exit = runtime.stopContainer(handle, Duration.ofSeconds(30)).get(1, TimeUnit.SECONDS);
        assertEquals(0, exit.exitCode());
    }

    @Test
    void annotationsMakeContainersExitWithTheirCodeAfterTheirRunTime() throws Exception {
        Pod pod = new PodBuilder(TestPods.pod("p", "Never", TestPods.image("job")).build()).editMetadata()
                .addToAnnotations(SimulatedRuntime.EXIT_CODE, "2")
                .addToAnnotations(SimulatedRuntime.RUN_SECONDS, "0.5").endMetadata().build();
        PodSandbox sandbox = runtime.createSandbox(pod, "node-1", "10.244.1.2");
        long begin = System.nanoTime();

        ContainerExit exit = runtime.startContainer(sandbox, pod, pod.getSpec().getContainers().get(0))
                .exited().get(5, TimeUnit.SECONDS);

        long took = Duration.ofNanos(System.nanoTime() - begin).toMillis();
        assertTrue(took >= 680 && took < 3000, "200 ms start delay + 500 ms run, took " + took);
        assertEquals(2, exit.exitCode());
        assertEquals("Error", exit.reason());
        assertTrue(Duration.between(exit.startedAt(), exit.finishedAt()).toMillis() >= 400);
    }

    @Test
    void initContainersCompleteOnTheirOwn() throws Exception {
        Pod pod = new PodBuilder(TestPods.pod("p", "Always", TestPods.image("web")).build()).editSpec()
                .addToInitContainers(TestPods.image("setup")).endSpec().build();
        PodSandbox sandbox = runtime.createSandbox(pod, "node-1", "10.244.1.2");

        ContainerExit exit = runtime.startContainer(sandbox, pod, pod.getSpec().getInitContainers().get(0))
                .exited().get(2, TimeUnit.SECONDS);

        assertEquals(0, exit.exitCode());
    }
}
