package io.quarkube.kubelet.podworkers;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.quarkube.kubelet.Eventually;
import io.quarkube.kubelet.TestPods;
import io.quarkube.kubelet.node.LocalNodes;
import io.quarkube.kubelet.node.PodIpAllocator;
import io.quarkube.kubelet.runtime.ContainerExit;
import io.quarkube.kubelet.runtime.ContainerHandle;
import io.quarkube.kubelet.runtime.ContainerRuntime;
import io.quarkube.kubelet.runtime.ExecResult;
import io.quarkube.kubelet.runtime.PodSandbox;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A runtime whose containers have already started (and init containers already exited) when startContainer
 * returns: the worker must not lose those events even though nothing completes after the sync.
 */
class InstantRuntimeTest {
    private final ScheduledExecutorService timers = Executors.newScheduledThreadPool(1);
    private final ExecutorService executor = Executors.newFixedThreadPool(2);
    private final RecordingStatusSink sink = new RecordingStatusSink();

    @AfterEach
    void tearDown() {
        timers.shutdownNow();
        executor.shutdownNow();
    }

    @Test
    void eventsThatHappenDuringTheSyncStillWakeTheWorker() {
        KubeletPodSyncer syncer = new KubeletPodSyncer(new InstantRuntime(), sink,
                new PodIpAllocator(new LocalNodes("node", 1)), Clock.systemUTC(), CrashBackoff::new);
        SerialPodWorkers workers = new SerialPodWorkers(syncer, executor, timers);
        Pod pod = new PodBuilder(TestPods.pod("p", "Always", TestPods.image("app")).build()).editSpec()
                .addToInitContainers(TestPods.image("init-1"), TestPods.image("init-2")).endSpec().build();

        workers.updatePod(pod);

        Eventually.await(Duration.ofSeconds(5), () -> "Running".equals(sink.phase(pod)), () -> "phase " + sink.phase(pod));
        assertEquals(0, sink.container(pod, "init-2").getState().getTerminated().getExitCode());
    }

    private static final class InstantRuntime implements ContainerRuntime {
        @Override
        public String name() {
            return "instant";
        }

        @Override
        public PodSandbox createSandbox(Pod pod, String nodeName, String podIP) {
            return new PodSandbox(pod.getMetadata().getUid(), "default", pod.getMetadata().getName(), nodeName, podIP,
                    Path.of("/nonexistent"));
        }

        @Override
        public ContainerHandle startContainer(PodSandbox sandbox, Pod pod, Container container) {
            ContainerHandle handle = new ContainerHandle(UUID.randomUUID().toString(), container.getName());
            Instant now = Instant.now();
            handle.markStarted(now);
            if (container.getName().startsWith("init")) {
                handle.markExited(ContainerExit.of(0, now, now));
            }
            return handle;
        }

        @Override
        public CompletableFuture<ContainerExit> stopContainer(ContainerHandle handle, Duration gracePeriod) {
            handle.markExited(ContainerExit.of(0, Instant.now(), Instant.now()));
            return handle.exited();
        }

        @Override
        public ExecResult exec(PodSandbox sandbox, ContainerHandle container, List<String> command, Duration timeout) {
            return new ExecResult(0, "", false);
        }

        @Override
        public void removeSandbox(PodSandbox sandbox) {
        }

        @Override
        public void close() {
        }
    }
}
