package io.quarkube.kubelet.podworkers;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.ProbeBuilder;
import io.quarkube.kubelet.TestPods;
import io.quarkube.kubelet.runtime.ExecResult;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Probes driving the pod: conditions, kills and restarts, on a fake runtime and a manual clock. */
class ProbeSyncTest {
    private final ManualPodSync kubelet = new ManualPodSync();

    @Test
    void readinessDrivesContainersReadyAndReadyWhichChangeTransitionTimeOnlyWhenTheyFlip() {
        Pod pod = pod("Always", container(null, null, exec("ready").withInitialDelaySeconds(2).withPeriodSeconds(1)
                .build()));

        kubelet.sync(pod);

        ContainerStatus app = kubelet.sink.container(pod, "app");
        assertNotNull(app.getState().getRunning());
        assertTrue(app.getStarted(), "no startup probe: started once running");
        assertFalse(app.getReady(), "not ready before the first readiness success");
        assertCondition(pod, "Ready", "False", "2030-01-01T00:00:00Z");
        assertEquals("containers with unready status: [app]", kubelet.sink.condition(pod, "Ready").getMessage());
        assertCondition(pod, "ContainersReady", "False", "2030-01-01T00:00:00Z");

        kubelet.advanceSeconds(1);
        assertFalse(kubelet.pendingWakeups(), "initialDelaySeconds: nothing probed yet");
        kubelet.advanceSeconds(1);
        assertTrue(kubelet.pendingWakeups(), "a readiness change wakes the pod worker");
        kubelet.sync(pod);

        assertTrue(kubelet.sink.container(pod, "app").getReady());
        assertCondition(pod, "Ready", "True", "2030-01-01T00:00:02Z");
        assertCondition(pod, "ContainersReady", "True", "2030-01-01T00:00:02Z");

        int statuses = kubelet.sink.changes.size();
        kubelet.advanceSeconds(5);
        assertFalse(kubelet.pendingWakeups(), "passing probes change nothing");
        kubelet.sync(pod);
        assertEquals(statuses, kubelet.sink.changes.size(), "and write nothing");

        kubelet.runtime.exec = (name, command) -> new ExecResult(1, "503", false);
        kubelet.advanceSeconds(2);
        assertFalse(kubelet.pendingWakeups(), "two failures of three");
        kubelet.advanceSeconds(1);
        kubelet.sync(pod);

        assertFalse(kubelet.sink.container(pod, "app").getReady());
        assertCondition(pod, "Ready", "False", "2030-01-01T00:00:10Z");
        assertCondition(pod, "ContainersReady", "False", "2030-01-01T00:00:10Z");
        assertEquals(3, kubelet.events.events.stream()
                .filter(e -> e.equals("node-1 Warning Unhealthy spec.containers{app}: Readiness probe failed: 503"))
                .count(), kubelet.events.events.toString());
        assertEquals("Running", kubelet.sink.status(pod).getPhase());
    }

    @Test
    void aFailedLivenessProbeKillsTheContainerWhichIsRestartedWithItsExitAsLastState() {
        Probe liveness = exec("live").withPeriodSeconds(1).withFailureThreshold(2)
                .withTerminationGracePeriodSeconds(7L).build();
        Pod pod = pod("Always", container(null, liveness, null));
        kubelet.sync(pod);
        kubelet.runtime.exec = (name, command) -> new ExecResult(1, "dead", false);

        kubelet.advanceSeconds(0);
        assertFalse(kubelet.pendingWakeups(), "one failure of two");
        kubelet.advanceSeconds(1);
        assertTrue(kubelet.pendingWakeups());
        kubelet.sync(pod);

        ContainerStatus app = kubelet.sink.container(pod, "app");
        assertEquals(1, app.getRestartCount());
        assertEquals(137, app.getLastState().getTerminated().getExitCode());
        assertEquals("Error", app.getLastState().getTerminated().getReason());
        assertNotNull(app.getState().getRunning(), "restarted at once: the first restart has no backoff");
        assertTrue(kubelet.runtime.log.contains("stop app 7s"), "the probe's own grace period: " + kubelet.runtime.log);
        assertEquals(2, kubelet.events.events.stream()
                .filter(e -> e.equals("node-1 Warning Unhealthy spec.containers{app}: Liveness probe failed: dead"))
                .count());
        assertTrue(kubelet.events.events.contains("node-1 Normal Killing spec.containers{app}: Container app failed "
                + "liveness probe, will be restarted"), kubelet.events.events.toString());

        kubelet.runtime.exec = (name, command) -> new ExecResult(0, "", false);
        kubelet.advanceSeconds(10);
        kubelet.sync(pod);
        assertEquals(1, kubelet.runtime.count("stop"), "the new run has fresh workers and passes");
        assertEquals(1, kubelet.sink.container(pod, "app").getRestartCount());
    }

    @Test
    void withRestartPolicyNeverALivenessFailureKillsTheContainerAndFailsThePod() {
        Pod pod = pod("Never", container(null, exec("live").withFailureThreshold(1).build(), null));
        kubelet.runtime.exec = (name, command) -> new ExecResult(1, "", false);
        kubelet.sync(pod);

        kubelet.advanceSeconds(0);
        kubelet.sync(pod);

        assertTrue(kubelet.events.events.contains("node-1 Normal Killing spec.containers{app}: Container app failed "
                + "liveness probe"), kubelet.events.events.toString());
        assertEquals("Failed", kubelet.sink.status(pod).getPhase());
        assertEquals(137, kubelet.sink.container(pod, "app").getState().getTerminated().getExitCode());
    }

    @Test
    void aFailingStartupProbeRestartsTheContainerAndHoldsBackLivenessAndReadiness() {
        Pod pod = pod("Always", container(exec("startup").withPeriodSeconds(1).withFailureThreshold(2).build(),
                exec("live").build(), exec("ready").build()));
        kubelet.runtime.exec = (name, command) -> new ExecResult(command.get(0).equals("startup") ? 1 : 0, "", false);
        kubelet.sync(pod);
        assertFalse(kubelet.sink.container(pod, "app").getStarted(), "started only once the startup probe passes");

        kubelet.advanceSeconds(1);
        kubelet.sync(pod);

        assertTrue(kubelet.events.events.contains("node-1 Normal Killing spec.containers{app}: Container app failed "
                + "startup probe, will be restarted"), kubelet.events.events.toString());
        assertEquals(1, kubelet.sink.container(pod, "app").getRestartCount());
        assertEquals(0, kubelet.runtime.count("exec app [live]") + kubelet.runtime.count("exec app [ready]"));

        kubelet.runtime.exec = (name, command) -> new ExecResult(0, "", false);
        kubelet.advanceSeconds(0);
        kubelet.sync(pod);

        ContainerStatus app = kubelet.sink.container(pod, "app");
        assertTrue(app.getStarted());
        assertTrue(app.getReady(), "readiness runs right after startup succeeded");
        assertEquals("True", kubelet.sink.condition(pod, "Ready").getStatus());
    }

    private void assertCondition(Pod pod, String type, String status, String lastTransitionTime) {
        PodCondition condition = kubelet.sink.condition(pod, type);
        assertEquals(status, condition.getStatus(), type);
        assertEquals(lastTransitionTime, condition.getLastTransitionTime(), type);
    }

    static Pod pod(String restartPolicy, Container container) {
        return new PodBuilder(TestPods.pod("web", restartPolicy, container).build()).editSpec()
                .withTerminationGracePeriodSeconds(20L).endSpec().build();
    }

    static Container container(Probe startup, Probe liveness, Probe readiness) {
        return new ContainerBuilder().withName("app").withImage("busybox").withCommand("serve")
                .withStartupProbe(startup).withLivenessProbe(liveness).withReadinessProbe(readiness).build();
    }

    static ProbeBuilder exec(String... command) {
        return new ProbeBuilder().withNewExec().withCommand(command).endExec();
    }
}
