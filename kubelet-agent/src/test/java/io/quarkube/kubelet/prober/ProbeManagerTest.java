package io.quarkube.kubelet.prober;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.ProbeBuilder;
import io.quarkube.kubelet.TestPods;
import io.quarkube.kubelet.runtime.ContainerHandle;
import io.quarkube.kubelet.runtime.ExecResult;
import io.quarkube.kubelet.runtime.PodSandbox;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Probe workers on a manual clock: schedules, thresholds, gating and results, without any pod worker. */
class ProbeManagerTest {
    private static final Instant T0 = Instant.parse("2030-01-01T00:00:00Z");

    private final ManualTimers time = new ManualTimers(T0);
    private final FakeRuntime runtime = new FakeRuntime(time, false);
    private final EventLog events = new EventLog();
    private final ProbeManager probes = new ProbeManager(new Prober(runtime), time, Runnable::run, time, events);

    @Test
    void readinessWaitsForTheInitialDelayThenNeedsSuccessThresholdAndFlipsAfterFailureThreshold() {
        Container app = container(null, null, exec("ready").withInitialDelaySeconds(5).withPeriodSeconds(2)
                .withSuccessThreshold(2).withFailureThreshold(2).build());
        ContainerTarget target = start(app);
        CompletableFuture<Void> changed = probes.changes(target.uid());

        time.advanceSeconds(5);
        assertEquals(0, runtime.count("exec"), "nothing runs before initialDelaySeconds");
        assertFalse(probes.ready(target.containerId(), app), "not ready before the first success");

        time.advanceSeconds(1); // the ticker's phase: ticks at 0, 2, 4, 6... the first after the delay is at 6 s
        assertEquals(1, runtime.count("exec"));
        assertFalse(probes.ready(target.containerId(), app), "one success of two");
        assertFalse(changed.isDone());

        time.advanceSeconds(2);
        assertTrue(probes.ready(target.containerId(), app));
        assertTrue(changed.isDone(), "the change wakes the pod worker");

        runtime.exec = (name, command) -> new ExecResult(1, "not yet", false);
        time.advanceSeconds(2);
        assertTrue(probes.ready(target.containerId(), app), "one failure of two");
        time.advanceSeconds(2);
        assertFalse(probes.ready(target.containerId(), app));
        assertEquals(2, events.count("Warning Unhealthy spec.containers{app}: Readiness probe failed: not yet"));
        assertEquals(4, runtime.count("exec app [ready]"));
    }

    @Test
    void startupGatesLivenessAndReadinessAndItsFailureIsFinalForTheRun() {
        Container app = container(exec("startup").withPeriodSeconds(1).withFailureThreshold(3).build(),
                exec("live").build(), exec("ready").build());
        runtime.exec = (name, command) -> new ExecResult(command.get(0).equals("startup") ? 1 : 0, "", false);
        ContainerTarget target = start(app);

        time.advanceSeconds(1);
        assertEquals(Optional.empty(), probes.failed(target.containerId()), "two failures of three");
        assertFalse(probes.started(target.containerId(), app));
        time.advanceSeconds(1);

        assertEquals(Optional.of(ProbeType.STARTUP), probes.failed(target.containerId()));
        time.advanceSeconds(30);
        assertEquals(3, runtime.count("exec app [startup]"), "on hold once failed: the kubelet kills the run");
        assertEquals(0, runtime.count("exec app [live]") + runtime.count("exec app [ready]"),
                "liveness and readiness never ran before startup succeeded: " + runtime.log);
        assertFalse(probes.ready(target.containerId(), app));
    }

    @Test
    void aStartupSuccessRunsTheOtherProbesAtOnce() {
        Container app = container(exec("startup").withInitialDelaySeconds(3).build(), exec("live").build(),
                exec("ready").build());
        ContainerTarget target = start(app);

        time.advanceSeconds(9);
        assertFalse(probes.started(target.containerId(), app), "first tick after the 3 s delay is at 10 s");
        time.advanceSeconds(1);

        assertTrue(probes.started(target.containerId(), app));
        assertTrue(probes.ready(target.containerId(), app), "readiness probed right after startup: " + runtime.log);
        assertEquals(List.of("exec app [startup]", "exec app [live]", "exec app [ready]"), runtime.log);
    }

    @Test
    void livenessFailsAfterFailureThresholdConsecutiveFailuresOnly() {
        Container app = container(null, exec("live").withPeriodSeconds(1).withFailureThreshold(3).build(), null);
        ContainerTarget target = start(app);
        runtime.exec = (name, command) -> new ExecResult(1, "down", false);
        time.advanceSeconds(1); // two failures, at 0 s and 1 s
        runtime.exec = (name, command) -> new ExecResult(0, "", false);
        time.advanceSeconds(1); // a success resets the run
        runtime.exec = (name, command) -> new ExecResult(1, "down", false);
        time.advanceSeconds(2);
        assertEquals(Optional.empty(), probes.failed(target.containerId()), "two failures in a row of three");

        time.advanceSeconds(1);

        assertEquals(Optional.of(ProbeType.LIVENESS), probes.failed(target.containerId()));
        assertEquals(5, events.count("Warning Unhealthy spec.containers{app}: Liveness probe failed: down"));
    }

    @Test
    void anExecThatTimesOutIsAFailure() {
        Container app = container(null, null, exec("sleep", "5").withTimeoutSeconds(1).withFailureThreshold(1).build());
        runtime.exec = (name, command) -> ExecResult.timeout("");
        ContainerTarget target = start(app);

        time.advanceSeconds(0);

        assertFalse(probes.ready(target.containerId(), app));
        assertEquals(1, events.count("Readiness probe failed: command \"sleep 5\" timed out"), events.events.toString());
    }

    @Test
    void aGrpcProbeIsRejectedOnceAndNeverPasses() {
        Container app = container(null, null, new ProbeBuilder().withNewGrpc().withPort(9090).endGrpc()
                .withPeriodSeconds(1).build());
        ContainerTarget target = start(app);

        time.advanceSeconds(10);

        assertEquals(List.of("Warning Unhealthy spec.containers{app}: Readiness probe errored and resulted in "
                + "unknown state: grpc probes are not supported by this kubelet (quarkube)"), events.events);
        assertFalse(probes.ready(target.containerId(), app));
        assertEquals(0, probes.activeWorkers());
        assertEquals(0, time.pending());
    }

    @Test
    void anUndeclaredNamedPortErrorsOnceWithTheKubeletsMessage() {
        Container app = container(null, null, new ProbeBuilder().withNewTcpSocket().withNewPort("web").endTcpSocket()
                .withPeriodSeconds(1).build());
        ContainerTarget target = start(app);

        time.advanceSeconds(5);

        assertEquals(List.of("Warning Unhealthy spec.containers{app}: Readiness probe errored and resulted in "
                + "unknown state: strconv.Atoi: parsing \"web\": invalid syntax"), events.events);
        assertFalse(probes.ready(target.containerId(), app));
        assertEquals(1, probes.activeWorkers(), "an errored result is thrown away, probing goes on");
    }

    @Test
    void withSimulatedChecksProbesPassAndNothingStaysScheduled() {
        FakeRuntime simulated = new FakeRuntime(time, true);
        ProbeManager hollow = new ProbeManager(new Prober(simulated), time, command -> {
            throw new AssertionError("simulated checks must not need another thread");
        }, time, events);
        Container app = container(new ProbeBuilder().withNewHttpGet().withNewPort(80).endHttpGet().build(),
                new ProbeBuilder().withNewTcpSocket().withNewPort(80).endTcpSocket().build(),
                new ProbeBuilder().withNewHttpGet().withNewPort(80).endHttpGet().withSuccessThreshold(2).build());
        ContainerTarget target = target(app, simulated.run("app"));
        hollow.addContainer(target);

        time.advanceSeconds(10);

        assertTrue(hollow.started(target.containerId(), app));
        assertTrue(hollow.ready(target.containerId(), app));
        assertEquals(0, hollow.activeWorkers(), "liveness is not even watched, the others stop once passed");
        assertEquals(0, time.pending());
    }

    @Test
    void aNewRunOfTheContainerStartsOverAndAnEndedOneIsForgotten() {
        Container app = container(null, null, exec("ready").build());
        ContainerTarget first = start(app);
        time.advanceSeconds(0);
        assertTrue(probes.ready(first.containerId(), app));

        probes.removeContainer(first.containerId());
        ContainerTarget second = start(app);

        assertFalse(probes.ready(first.containerId(), app));
        assertFalse(probes.ready(second.containerId(), app), "a fresh run is not ready before its first success");
        time.advanceSeconds(0);
        assertTrue(probes.ready(second.containerId(), app));
    }

    @Test
    void namedPortsResolveToTheContainerPort() {
        Container app = new ContainerBuilder().withName("app").addNewPort().withName("http").withContainerPort(8080)
                .endPort().build();
        assertEquals(8080, Ports.resolve(new io.fabric8.kubernetes.api.model.IntOrString("http"), app));
        assertEquals(9000, Ports.resolve(new io.fabric8.kubernetes.api.model.IntOrString(9000), app));
        assertEquals(9001, Ports.resolve(new io.fabric8.kubernetes.api.model.IntOrString("9001"), app));
    }

    private ContainerTarget start(Container container) {
        ContainerTarget target = target(container, runtime.run(container.getName()));
        probes.addContainer(target);
        return target;
    }

    private static ContainerTarget target(Container container, ContainerHandle handle) {
        Pod pod = TestPods.pod("p", "Always", container).build();
        PodSandbox sandbox = new PodSandbox(pod.getMetadata().getUid(), "default", "p", "node-1", "10.244.1.2",
                Path.of("/nonexistent"));
        return new ContainerTarget(pod, sandbox, handle, container);
    }

    private static Container container(Probe startup, Probe liveness, Probe readiness) {
        return new ContainerBuilder().withName("app").withImage("busybox").withStartupProbe(startup)
                .withLivenessProbe(liveness).withReadinessProbe(readiness).build();
    }

    private static ProbeBuilder exec(String... command) {
        return new ProbeBuilder().withNewExec().withCommand(command).endExec();
    }
}
