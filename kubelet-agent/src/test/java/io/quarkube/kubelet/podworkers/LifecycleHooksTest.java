package io.quarkube.kubelet.podworkers;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.LifecycleHandler;
import io.fabric8.kubernetes.api.model.LifecycleHandlerBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.quarkube.kubelet.TestPods;
import io.quarkube.kubelet.runtime.ExecResult;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** postStart and preStop hooks around a container's run, on a fake runtime and a manual clock. */
class LifecycleHooksTest {
    private final ManualPodSync kubelet = new ManualPodSync();

    @Test
    void aContainerIsReportedRunningOnlyOnceItsPostStartHookIsDoneAndIsProbedOnlyThen() {
        Container app = new ContainerBuilder(ProbeSyncTest.container(null, null, ProbeSyncTest.exec("ready").build()))
                .withNewLifecycle().withPostStart(sleep(3)).endLifecycle().build();
        Pod pod = ProbeSyncTest.pod("Always", app);

        kubelet.sync(pod);

        assertEquals("ContainerCreating", kubelet.sink.container(pod, "app").getState().getWaiting().getReason());
        assertEquals("Pending", kubelet.sink.status(pod).getPhase());
        kubelet.advanceSeconds(2);
        assertFalse(kubelet.pendingWakeups());
        assertEquals(0, kubelet.runtime.count("exec"), "no probe while postStart runs");

        kubelet.advanceSeconds(1);
        assertTrue(kubelet.pendingWakeups(), "the hook's end wakes the worker");
        kubelet.sync(pod);
        kubelet.advanceSeconds(0);
        kubelet.sync(pod);

        ContainerStatus status = kubelet.sink.container(pod, "app");
        assertNotNull(status.getState().getRunning());
        assertTrue(status.getReady());
        assertEquals("Running", kubelet.sink.status(pod).getPhase());
    }

    @Test
    void aFailedPostStartHookKillsTheContainerWhichTheRestartPolicyRestarts() {
        AtomicInteger hookRuns = new AtomicInteger();
        kubelet.runtime.exec = (name, command) -> new ExecResult(hookRuns.incrementAndGet() == 1 ? 1 : 0, "no", false);
        Pod pod = ProbeSyncTest.pod("Always", new ContainerBuilder(ProbeSyncTest.container(null, null, null))
                .withNewLifecycle().withPostStart(exec("register")).endLifecycle().build());

        kubelet.sync(pod);

        assertEquals(List.of(
                "node-1 Normal Pulled spec.containers{app}: Container image \"busybox\" already present on machine",
                "node-1 Normal Created spec.containers{app}: Created container: app",
                "node-1 Normal Started spec.containers{app}: Started container app",
                "node-1 Warning FailedPostStartHook spec.containers{app}: PostStartHook failed",
                "node-1 Normal Killing spec.containers{app}: FailedPostStartHook"),
                kubelet.events.events.subList(0, 5));
        ContainerStatus status = kubelet.sink.container(pod, "app");
        assertEquals(1, status.getRestartCount());
        assertEquals(137, status.getLastState().getTerminated().getExitCode());
        assertNotNull(status.getState().getRunning(), "the second run's hook passed");
        assertEquals(List.of("start app", "exec app [register]", "stop app 20s", "start app", "exec app [register]"),
                kubelet.runtime.log);
    }

    @Test
    void preStopRunsFirstAndTheStopGetsWhatIsLeftOfTheGracePeriod() {
        Pod pod = withPreStop(sleep(3));
        kubelet.sync(pod);

        CompletableFuture<Void> gone = kubelet.syncer.syncTerminatingPod(TestPods.withDeletion(pod, 10),
                Duration.ofSeconds(10)).toCompletableFuture();
        kubelet.advanceSeconds(2);
        assertEquals(0, kubelet.runtime.count("stop"), "SIGTERM waits for preStop");
        kubelet.advanceSeconds(1);

        assertEquals(List.of("start app", "stop app 7s"), kubelet.runtime.log);
        assertTrue(gone.isDone());
        assertTrue(kubelet.events.events.contains("node-1 Normal Killing spec.containers{app}: Stopping container app"));
    }

    @Test
    void anExecPreStopHookRunsBeforeTheStopAndItsFailureIsAnEvent() {
        kubelet.runtime.exec = (name, command) -> new ExecResult(2, "drain failed", false);
        Pod pod = withPreStop(exec("drain"));
        kubelet.sync(pod);

        kubelet.syncer.syncTerminatingPod(TestPods.withDeletion(pod, 10), Duration.ofSeconds(10));

        assertEquals(List.of("start app", "exec app [drain]", "stop app 10s"), kubelet.runtime.log);
        assertTrue(kubelet.events.events.contains(
                "node-1 Warning FailedPreStopHook spec.containers{app}: PreStopHook failed"), kubelet.events.events.toString());
    }

    @Test
    void aPreStopHookThatOutlastsTheGracePeriodIsCutShortWithTheMinimumShutdownWindowLeft() {
        Pod pod = withPreStop(sleep(100));
        kubelet.sync(pod);

        kubelet.syncer.syncTerminatingPod(TestPods.withDeletion(pod, 5), Duration.ofSeconds(5));
        kubelet.advanceSeconds(5);

        assertEquals(List.of("start app", "stop app 2s"), kubelet.runtime.log);
    }

    private static Pod withPreStop(LifecycleHandler preStop) {
        return ProbeSyncTest.pod("Always", new ContainerBuilder(ProbeSyncTest.container(null, null, null))
                .withNewLifecycle().withPreStop(preStop).endLifecycle().build());
    }

    private static LifecycleHandler sleep(long seconds) {
        return new LifecycleHandlerBuilder().withNewSleep().withSeconds(seconds).endSleep().build();
    }

    private static LifecycleHandler exec(String... command) {
        return new LifecycleHandlerBuilder().withNewExec().withCommand(command).endExec().build();
    }
}
