package io.quarkube.kubelet.podworkers;

import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.quarkube.api.Resources;
import io.quarkube.api.client.ApiClient;
import io.quarkube.api.json.Json;
import io.quarkube.kubelet.Eventually;
import io.quarkube.kubelet.InMemoryApiServer;
import io.quarkube.kubelet.TestPods;
import io.quarkube.kubelet.node.LocalNodes;
import io.quarkube.kubelet.node.PodIpAllocator;
import io.quarkube.kubelet.runtime.SimulatedRuntime;
import io.quarkube.kubelet.status.StatusManager;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A hollow (simulated) agent restarts: the new agent takes over the runs its pods' statuses report instead of
 * starting them again, so a running pod's status does not change and is not written at all, and a container the
 * annotations end after N s ends N s after it started, not N s after the restart.
 */
class SimulatedAdoptionTest {
    private static final Duration WAIT = Duration.ofSeconds(10);

    private final InMemoryApiServer server;
    private final ScheduledExecutorService timers = Executors.newScheduledThreadPool(2);
    private final ExecutorService executor = Executors.newFixedThreadPool(2);
    private Agent first;
    private Agent second;

    SimulatedAdoptionTest() throws IOException {
        server = new InMemoryApiServer();
        server.create(Resources.NAMESPACES, new NamespaceBuilder().withNewMetadata().withName("default").endMetadata()
                .build());
    }

    @AfterEach
    void tearDown() {
        for (Agent agent : new Agent[]{first, second}) {
            if (agent != null) {
                agent.stop();
            }
        }
        timers.shutdownNow();
        executor.shutdownNow();
        server.close();
    }

    @Test
    void aRestartedAgentTakesOverTheReportedRunsWithoutWritingTheirStatusAgain() throws Exception {
        Pod web = server.create(Resources.PODS, new PodBuilder(TestPods.pod("web", "Always",
                TestPods.image("web"), TestPods.image("sidecar")).build()).editSpec()
                .addNewInitContainer().withName("setup").withImage("busybox").endInitContainer().endSpec().build());
        Pod job = server.create(Resources.PODS, new PodBuilder(TestPods.pod("job", "Never", TestPods.image("main"))
                .build()).editMetadata().addToAnnotations(SimulatedRuntime.EXIT_CODE, "0")
                .addToAnnotations(SimulatedRuntime.RUN_SECONDS, "4").endMetadata().build());
        first = new Agent();
        List.of(web, job).forEach(first.workers::updatePod);
        Eventually.await(WAIT, () -> phase("web").equals("Running") && phase("job").equals("Running")
                && pod("web").getStatus().getConditions().stream().anyMatch(c -> c.getType().equals("Ready")
                && c.getStatus().equals("True")), () -> "web " + phase("web") + ", job " + phase("job"));
        Pod webBefore = pod("web");
        Instant jobStarted = Instant.parse(container(pod("job"), "main").getState().getRunning().getStartedAt());
        Thread.sleep(1_200); // the job runs a while before the agent dies

        first.crash();
        long writesBefore = statusWrites("web");
        assertTrue(writesBefore > 0, "the first agent wrote web's status");
        Instant restart = Instant.now();
        second = new Agent();
        second.workers.updatePod(pod("web"));
        second.workers.updatePod(pod("job"));

        Eventually.await(WAIT, () -> phase("job").equals("Succeeded"), () -> "job " + phase("job"));
        Instant jobEnded = Instant.now();
        var terminated = container(pod("job"), "main").getState().getTerminated();
        assertEquals(jobStarted.toString(), terminated.getStartedAt());
        assertEquals(jobStarted.plusSeconds(4).toString(), terminated.getFinishedAt(), "startedAt + 4 s");
        assertTrue(Duration.between(restart, jobEnded).compareTo(Duration.ofMillis(3_500)) < 0,
                "ended 4 s after it started, not 4 s after the restart: " + Duration.between(restart, jobEnded));
        assertEquals(container(webBefore, "web").getContainerID(), container(pod("web"), "web").getContainerID());

        Pod fresh = server.create(Resources.PODS, TestPods.pod("fresh", "Always", TestPods.image("main")).build());
        second.workers.updatePod(fresh);
        Eventually.await(WAIT, () -> phase("fresh").equals("Running"), () -> "fresh " + phase("fresh"));
        assertTrue(pod("fresh").getStatus().getPodIP() != null);
        assertTrue(!pod("fresh").getStatus().getPodIP().equals(pod("web").getStatus().getPodIP()), "web's IP is held");

        Thread.sleep(500); // anything the new agent would write about web is written by now
        assertEquals(0, second.statusManager.pending());
        assertEquals(writesBefore, statusWrites("web"), "the status computed after the takeover is the stored one");
        assertEquals(Json.writeString(webBefore.getStatus()), Json.writeString(pod("web").getStatus()));
    }

    @Test
    void aCrashLoopKeepsItsBackoffAcrossTheRestart() throws Exception {
        Pod crashing = server.create(Resources.PODS, new PodBuilder(TestPods.pod("crashing", "Always",
                TestPods.image("main")).build()).editMetadata().addToAnnotations(SimulatedRuntime.EXIT_CODE, "1")
                .addToAnnotations(SimulatedRuntime.RUN_SECONDS, "0").endMetadata().build());
        // restarts at once, then after 1 s, 2 s, 4 s...
        first = new Agent(() -> new CrashBackoff(Duration.ofSeconds(1), Duration.ofSeconds(30)));
        first.workers.updatePod(crashing);
        Eventually.await(WAIT, () -> backoffMessage().startsWith("back-off 4s "), this::backoffMessage);
        ContainerStatus before = container(pod("crashing"), "main");

        first.crash();
        long writesBefore = statusWrites("crashing");
        second = new Agent(() -> new CrashBackoff(Duration.ofSeconds(1), Duration.ofSeconds(30)));
        second.workers.updatePod(pod("crashing"));
        Thread.sleep(1_000);

        assertEquals(writesBefore, statusWrites("crashing"), "still backing off 4 s, as reported");
        Eventually.await(WAIT, () -> container(pod("crashing"), "main").getRestartCount() > before.getRestartCount(),
                () -> "not restarted: " + container(pod("crashing"), "main"));
        Instant restartSeen = Instant.now();
        Instant exitedAt = Instant.parse(before.getLastState().getTerminated().getFinishedAt()); // whole seconds
        assertTrue(!restartSeen.isBefore(exitedAt.plusSeconds(3)), "restarted 4 s after the exit, not when the "
                + "agent restarted: exit " + exitedAt + ", restart " + restartSeen);
        assertEquals(before.getRestartCount() + 1, container(pod("crashing"), "main").getRestartCount());
    }

    private String backoffMessage() {
        Pod pod = pod("crashing");
        return pod.getStatus() == null || pod.getStatus().getContainerStatuses() == null ? ""
                : pod.getStatus().getContainerStatuses().stream().map(ContainerStatus::getState)
                .filter(s -> s.getWaiting() != null && s.getWaiting().getMessage() != null)
                .map(s -> s.getWaiting().getMessage()).findFirst().orElse("");
    }

    private Pod pod(String name) {
        return server.get(Resources.PODS, "default", name).orElseThrow();
    }

    private String phase(String name) {
        return pod(name).getStatus() == null ? "" : pod(name).getStatus().getPhase();
    }

    private long statusWrites(String name) {
        return server.count("PUT", p -> p.endsWith("/pods/" + name + "/status"));
    }

    private static ContainerStatus container(Pod pod, String name) {
        return pod.getStatus().getContainerStatuses().stream().filter(s -> s.getName().equals(name)).findFirst()
                .orElseThrow();
    }

    /** One hollow agent: the simulated runtime, the pod workers and a status manager writing to the api-server. */
    private final class Agent {
        final SimulatedRuntime runtime = new SimulatedRuntime(timers, Clock.systemUTC(), Duration.ofMillis(50));
        final StatusManager statusManager = new StatusManager(new ApiClient(server.url(), ""),
                (ns, name) -> server.get(Resources.PODS, ns, name));
        final SerialPodWorkers workers;

        Agent() {
            this(CrashBackoff::new);
        }

        Agent(Supplier<CrashBackoff> backoffs) {
            workers = new SerialPodWorkers(new KubeletPodSyncer(runtime, statusManager,
                    new PodIpAllocator(new LocalNodes("node", 1)), Clock.systemUTC(), backoffs), executor, timers);
            statusManager.start();
        }

        /** The agent dies: nothing more is written, its timers stop firing. */
        void crash() {
            statusManager.close();
            workers.stop();
            runtime.close();
        }

        void stop() {
            crash();
        }
    }
}
