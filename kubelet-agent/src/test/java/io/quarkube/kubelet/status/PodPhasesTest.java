package io.quarkube.kubelet.status;

import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodSpecBuilder;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class PodPhasesTest {

    static ContainerStatus running(String name) {
        return new ContainerStatusBuilder().withName(name).withReady(true).withStarted(true).withNewState().withNewRunning()
                .withStartedAt("2030-01-01T00:00:00Z").endRunning().endState().build();
    }

    static ContainerStatus terminated(String name, int code) {
        return new ContainerStatusBuilder().withName(name).withNewState().withNewTerminated().withExitCode(code)
                .endTerminated().endState().build();
    }

    static ContainerStatus waiting(String name, String reason) {
        return new ContainerStatusBuilder().withName(name).withNewState().withNewWaiting().withReason(reason)
                .endWaiting().endState().build();
    }

    static ContainerStatus crashLooping(String name, int lastCode) {
        return new ContainerStatusBuilder(waiting(name, "CrashLoopBackOff")).withNewLastState().withNewTerminated()
                .withExitCode(lastCode).endTerminated().endLastState().build();
    }

    static PodSpec spec(String restartPolicy, String... containers) {
        PodSpecBuilder spec = new PodSpecBuilder().withRestartPolicy(restartPolicy);
        for (String c : containers) {
            spec.addToContainers(new ContainerBuilder().withName(c).withImage("busybox").build());
        }
        return spec.build();
    }

    private static String phase(PodSpec spec, ContainerStatus... statuses) {
        return PodPhases.phase(spec, List.of(), List.of(statuses));
    }

    @ParameterizedTest(name = "{0}: a={1} b={2} -> {3}")
    @CsvSource({
            // policy, container a, container b, phase
            "Always,    creating, running, Pending",
            "Always,    running,  running, Running",
            "Always,    exit0,    exit0,   Running",
            "Always,    exit1,    running, Running",
            "Always,    crash1,   running, Running",
            "OnFailure, exit0,    exit0,   Succeeded",
            "OnFailure, exit0,    running, Running",
            "OnFailure, crash1,   exit0,   Running",
            "OnFailure, exit1,    exit0,   Running",
            "Never,     exit0,    exit0,   Succeeded",
            "Never,     exit0,    exit1,   Failed",
            "Never,     exit1,    running, Running",
            "Never,     missing,  exit0,   Pending",
    })
    void phaseFollowsContainerStatesAndRestartPolicy(String policy, String a, String b, String expected) {
        List<ContainerStatus> statuses = new java.util.ArrayList<>();
        for (String[] c : new String[][]{{"a", a}, {"b", b}}) {
            switch (c[1]) {
                case "creating" -> statuses.add(waiting(c[0], "ContainerCreating"));
                case "running" -> statuses.add(running(c[0]));
                case "exit0" -> statuses.add(terminated(c[0], 0));
                case "exit1" -> statuses.add(terminated(c[0], 1));
                case "crash1" -> statuses.add(crashLooping(c[0], 1));
                case "missing" -> { }
                default -> throw new IllegalArgumentException(c[1]);
            }
        }
        assertEquals(expected, PodPhases.phase(spec(policy, "a", "b"), List.of(), statuses));
    }

    @Test
    void defaultRestartPolicyIsAlways() {
        assertEquals("Running", phase(spec(null, "a"), terminated("a", 0)));
    }

    @Test
    void initContainersKeepThePodPendingAndAFailedOneFailsItUnderNever() {
        PodSpec never = new PodSpecBuilder(spec("Never", "app"))
                .addToInitContainers(new ContainerBuilder().withName("init").build()).build();
        PodSpec onFailure = new PodSpecBuilder(never).withRestartPolicy("OnFailure").build();
        List<ContainerStatus> app = List.of(waiting("app", "PodInitializing"));

        assertEquals("Pending", PodPhases.phase(never, List.of(running("init")), app));
        assertEquals("Failed", PodPhases.phase(never, List.of(terminated("init", 1)), app));
        assertEquals("Pending", PodPhases.phase(onFailure, List.of(crashLooping("init", 1)), app));
        assertEquals("Running", PodPhases.phase(never, List.of(terminated("init", 0)), List.of(running("app"))));
    }
}
