package io.quarkube.kubelet.runtime;

import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.quarkube.api.json.Json;
import io.quarkube.kubelet.Eventually;
import io.quarkube.kubelet.TestPods;
import io.quarkube.kubelet.logs.ContainerLogs;
import io.quarkube.kubelet.logs.LogText;
import io.quarkube.kubelet.node.LocalNodes;
import io.quarkube.kubelet.node.PodIpAllocator;
import io.quarkube.kubelet.podworkers.CrashBackoff;
import io.quarkube.kubelet.podworkers.KubeletPodSyncer;
import io.quarkube.kubelet.status.PodStatusSink;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Predicate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * An agent crash with the process runtime: the first agent (a runtime and a pod syncer) is dropped without
 * close(), as if SIGKILLed, and a second one on the same work dir is handed the pod with its last status. The
 * container must be the same process, keep running, keep its log and report its own exit later.
 */
class ProcessAdoptionTest {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final String MARKER = "adoption-test-" + System.nanoTime();

    @TempDir
    Path workDir;
    private final ScheduledExecutorService timers = Executors.newScheduledThreadPool(2);
    private final LatestStatus sink = new LatestStatus();
    private ProcessRuntime first;
    private ProcessRuntime second;

    @AfterEach
    void tearDown() {
        if (second != null) {
            second.close();
        }
        if (first != null) {
            first.close(); // stops whatever it still owns (nothing, once abandoned)
        }
        timers.shutdownNow();
    }

    @Test
    void aRestartedAgentTakesOverTheRunningContainerItsLogAndItsExit() throws Exception {
        PodDirs dirs = new PodDirs(workDir);
        Pod pod = new PodBuilder(TestPods.pod("survivor", "Never", new ContainerBuilder(TestPods.shell("main",
                "echo before; until [ -e /ctl/away ]; do sleep 0.05; done; echo while-away; "
                + "until [ -e /ctl/exit ]; do sleep 0.05; done; echo after; exit 3 # " + MARKER)).addNewVolumeMount().withName("ctl").withMountPath("/ctl").endVolumeMount().build())
                .build()).editSpec().addNewVolume().withName("ctl").withNewEmptyDir().endEmptyDir().endVolume()
                .endSpec().build();
        String uid = pod.getMetadata().getUid();
        Path ctl = dirs.volumeDir(uid, "ctl");
        Path log = dirs.logFile(uid, "main");

        first = new ProcessRuntime(dirs, new ContainerLogs(Clock.systemUTC()), timers, Clock.systemUTC());
        KubeletPodSyncer agent = syncer(first);
        syncUntil(agent, pod, s -> running(s) && LogText.of(log).equals("before\n"));
        String containerId = container(sink.latest(pod)).getContainerID();
        long pid = first.pid(containerId.substring("quarkube://".length())).orElseThrow();
        List<Long> processes = processesOfTheContainer();
        assertEquals(2, processes.size(), "the launch script and the command: " + processes);

        first.abandon(); // the agent is killed: nothing is stopped, nothing watches any more
        Files.createFile(ctl.resolve("away"));
        Eventually.await(WAIT, () -> rawOutputHas(dirs, uid, "while-away"), () -> "no output while away");
        assertFalse(LogText.of(log).contains("while-away"), "nobody copied it into the log yet");

        second = new ProcessRuntime(dirs, new ContainerLogs(Clock.systemUTC()), timers, Clock.systemUTC());
        KubeletPodSyncer restarted = syncer(second);
        Pod reported = withStatus(pod, sink.latest(pod));
        restarted.syncPod(reported);

        ContainerStatus taken = container(sink.latest(pod));
        assertEquals(containerId, taken.getContainerID());
        assertEquals(0, taken.getRestartCount());
        assertTrue(taken.getState().getRunning() != null, "still running: " + taken.getState());
        assertEquals(Json.writeString(container(reported.getStatus()).getState()), Json.writeString(taken.getState()));
        assertEquals(pid, second.pid(containerId.substring("quarkube://".length())).orElseThrow());
        assertEquals(processes, processesOfTheContainer(), "no second process was started");
        Eventually.await(WAIT, () -> LogText.of(log).equals("before\nwhile-away\n"),
                () -> "the output written while no agent ran: " + LogText.of(log));

        Files.createFile(ctl.resolve("exit"));
        syncUntil(restarted, reported, s -> container(s).getState().getTerminated() != null);

        ContainerStatus exited = container(sink.latest(pod));
        assertEquals(3, exited.getState().getTerminated().getExitCode());
        assertEquals("Error", exited.getState().getTerminated().getReason());
        assertEquals(containerId, exited.getContainerID());
        assertEquals("Failed", sink.latest(pod).getPhase());
        assertEquals("before\nwhile-away\nafter\n", LogText.of(log));
        assertEquals(List.of(), processesOfTheContainer());
    }

    @Test
    void leftoversOfGonePodsAreRemovedAndAGracefulCloseStopsWhatWasTakenOver() throws Exception {
        PodDirs dirs = new PodDirs(workDir);
        Pod kept = TestPods.pod("kept", "Always", TestPods.shell("main", "sleep 100 # " + MARKER)).build();
        Pod gone = TestPods.pod("gone", "Always", TestPods.shell("main", "sleep 100 # " + MARKER)).build();
        first = new ProcessRuntime(dirs, new ContainerLogs(Clock.systemUTC()), timers, Clock.systemUTC());
        PodSandbox keptBox = first.createSandbox(kept, "node-1", "10.244.1.21");
        ContainerHandle keptRun = first.startContainer(keptBox, kept, kept.getSpec().getContainers().get(0));
        PodSandbox goneBox = first.createSandbox(gone, "node-1", "10.244.1.22");
        ContainerHandle goneRun = first.startContainer(goneBox, gone, gone.getSpec().getContainers().get(0));
        first.pid(keptRun.id()).orElseThrow();
        first.pid(goneRun.id()).orElseThrow();
        Optional<Long> keptHolder = first.holderPid(keptBox.uid());
        Optional<Long> goneHolder = first.holderPid(goneBox.uid());
        assertEquals(4, processesOfTheContainer().size());
        first.abandon();

        second = new ProcessRuntime(dirs, new ContainerLogs(Clock.systemUTC()), timers, Clock.systemUTC());
        assertEquals(Set.of(keptBox.uid(), goneBox.uid()), second.leftoverSandboxes());
        second.removeLeftoverSandbox(goneBox.uid());

        assertFalse(Files.exists(dirs.podDir(goneBox.uid())));
        assertEquals(2, processesOfTheContainer().size(), "only the kept pod's run is left");
        goneHolder.ifPresent(pid -> assertTrue(ProcessHandle.of(pid).isEmpty(), "the gone pod's holder ended"));
        assertFalse(Files.exists(Path.of("/sys/class/net", PodNetwork.vethName(goneBox.uid()))), "its veth too");

        PodSandbox adopted = second.adoptSandbox(kept, "node-1", "10.244.1.21").orElseThrow();
        ContainerHandle run = second.adoptContainer(adopted, kept, kept.getSpec().getContainers().get(0),
                new ReportedRun(keptRun.id(), keptRun.started().join(), null)).orElseThrow();
        assertEquals(keptRun.id(), run.id());
        assertEquals(keptRun.started().join(), run.started().join());
        assertEquals(ContainerRuntimeStatus.State.RUNNING, run.status().state());
        assertEquals(Set.of(), second.leftoverSandboxes());

        second.close(); // the agent's graceful shutdown: nothing may outlive it, taken over or not

        assertEquals(List.of(), processesOfTheContainer());
        keptHolder.ifPresent(pid -> assertTrue(ProcessHandle.of(pid).isEmpty(), "the kept pod's holder ended"));
        assertTrue(run.exited().isDone());
    }

    private KubeletPodSyncer syncer(ProcessRuntime runtime) {
        return new KubeletPodSyncer(runtime, sink, new PodIpAllocator(new LocalNodes("node", 1)), Clock.systemUTC(),
                CrashBackoff::new);
    }

    /** Syncs as the pod worker would (level-triggered) until the status satisfies {@code done}. */
    private void syncUntil(KubeletPodSyncer syncer, Pod pod, Predicate<PodStatus> done) {
        Eventually.await(WAIT, () -> {
            syncer.syncPod(pod);
            PodStatus status = sink.latest(pod);
            return status != null && done.test(status);
        }, () -> "status " + Json.writeString(sink.latest(pod)));
    }

    private static boolean running(PodStatus status) {
        return status.getContainerStatuses() != null && container(status).getState().getRunning() != null;
    }

    private static ContainerStatus container(PodStatus status) {
        return status.getContainerStatuses().get(0);
    }

    /** The pod as the informer hands it to a restarted agent: with the status the first agent wrote. */
    private static Pod withStatus(Pod pod, PodStatus status) {
        return new PodBuilder(pod).withStatus(Json.read(Json.write(status), PodStatus.class)).build();
    }

    private static boolean rawOutputHas(PodDirs dirs, String uid, String text) {
        try (var files = Files.list(dirs.runDir(uid))) {
            return files.filter(p -> p.toString().endsWith(".out")).anyMatch(p -> {
                try {
                    return Files.readString(p).contains(text);
                } catch (IOException e) {
                    return false;
                }
            });
        } catch (IOException e) {
            return false;
        }
    }

    /** The live processes whose command line carries this test's marker (the launch script and the command). */
    private static List<Long> processesOfTheContainer() {
        return ProcessHandle.allProcesses().filter(ProcessHandle::isAlive)
                .filter(p -> p.info().arguments().map(a -> String.join(" ", a).contains(MARKER)).orElse(false))
                .map(ProcessHandle::pid).sorted().toList();
    }

    /** The newest status per pod, as the status manager would hold it. */
    private static final class LatestStatus implements PodStatusSink {
        private final Map<String, PodStatus> latest = new ConcurrentHashMap<>();

        @Override
        public void setPodStatus(Pod pod, PodStatus status) {
            latest.put(pod.getMetadata().getUid(), status);
        }

        @Override
        public void podTerminated(Pod pod, boolean confirmDeletion) {
        }

        PodStatus latest(Pod pod) {
            return latest.get(pod.getMetadata().getUid());
        }
    }
}
