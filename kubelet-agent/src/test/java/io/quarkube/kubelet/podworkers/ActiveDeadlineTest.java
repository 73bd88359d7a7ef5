package io.quarkube.kubelet.podworkers;

import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodStatus;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** spec.activeDeadlineSeconds on a fake runtime and a manual clock. */
class ActiveDeadlineTest {
    private final ManualPodSync kubelet = new ManualPodSync();

    @Test
    void pastTheDeadlineEveryContainerIsStoppedForGoodAndThePodFailsOnceTheyHaveExited() {
        Pod pod = new PodBuilder(ProbeSyncTest.pod("Always", ProbeSyncTest.container(null, null, null))).editSpec()
                .withActiveDeadlineSeconds(30L).withTerminationGracePeriodSeconds(5L).endSpec().build();
        kubelet.runtime.exitOnStop = false;

        assertEquals(Duration.ofSeconds(30), kubelet.sync(pod).requeueAfter(), "woken at the deadline");
        kubelet.advanceSeconds(29);
        assertEquals(Duration.ofSeconds(1), kubelet.sync(pod).requeueAfter());
        kubelet.advanceSeconds(1);
        kubelet.sync(pod);

        assertTrue(kubelet.events.events.contains("node-1 Normal DeadlineExceeded null: Pod was active on the node "
                + "longer than the specified deadline"), kubelet.events.events.toString());
        assertTrue(kubelet.runtime.log.contains("stop app 5s"), kubelet.runtime.log.toString());
        assertEquals("Running", kubelet.sink.status(pod).getPhase(), "not failed while a container may still run");
        assertNull(kubelet.sink.status(pod).getReason());

        kubelet.runtime.exit("app", 143);
        kubelet.sync(pod);

        PodStatus status = kubelet.sink.status(pod);
        assertEquals("Failed", status.getPhase());
        assertEquals("DeadlineExceeded", status.getReason());
        assertEquals("Pod was active on the node longer than the specified deadline", status.getMessage());
        ContainerStatus app = kubelet.sink.container(pod, "app");
        assertEquals(143, app.getState().getTerminated().getExitCode());
        assertEquals("Error", app.getState().getTerminated().getReason());
        PodCondition ready = kubelet.sink.condition(pod, "Ready");
        assertEquals("False", ready.getStatus());
        assertEquals("PodFailed", ready.getReason());

        kubelet.advanceSeconds(600);
        kubelet.sync(pod);
        assertEquals(1, kubelet.runtime.count("start app"), "restartPolicy Always does not restart it");
        assertEquals(0, kubelet.sink.container(pod, "app").getRestartCount());
    }

    @Test
    void aPodFailedInTheApiWhileItRunsHereIsStoppedAndKeepsThatPhase() {
        Pod pod = new PodBuilder(ProbeSyncTest.pod("Always", ProbeSyncTest.container(null, null, null))).editSpec()
                .withTerminationGracePeriodSeconds(5L).endSpec().build();
        kubelet.runtime.exitOnStop = false;
        kubelet.sync(pod);
        assertEquals("Running", kubelet.sink.status(pod).getPhase());

        // the node lifecycle controller failed it while this agent was cut off from the api-server
        Pod failed = new PodBuilder(pod).editStatus().withPhase("Failed").withReason("NodeLost")
                .withMessage("Node node-1 which was running pod p is unresponsive").endStatus().build();
        kubelet.sync(failed);

        assertTrue(kubelet.runtime.log.contains("stop app 5s"), kubelet.runtime.log.toString());
        PodStatus status = kubelet.sink.status(failed);
        assertEquals("Failed", status.getPhase(), "never moved back to Running");
        assertEquals("NodeLost", status.getReason());
        kubelet.runtime.exit("app", 143);
        kubelet.advanceSeconds(600);
        kubelet.sync(failed);
        assertEquals("Failed", kubelet.sink.status(failed).getPhase());
        assertEquals(1, kubelet.runtime.count("start app"), "not restarted");
    }

    @Test
    void theDeadlineCountsFromTheStartTimeTheApiAlreadyShows() {
        Pod pod = new PodBuilder(ProbeSyncTest.pod("Always", ProbeSyncTest.container(null, null, null))).editSpec()
                .withActiveDeadlineSeconds(30L).endSpec().editStatus().withStartTime("2029-12-31T23:59:35Z")
                .endStatus().build();

        assertEquals(Duration.ofSeconds(5), kubelet.sync(pod).requeueAfter());
    }
}
