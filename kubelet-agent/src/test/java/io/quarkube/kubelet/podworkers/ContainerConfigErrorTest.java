package io.quarkube.kubelet.podworkers;

import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.quarkube.kubelet.TestPods;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A container whose spec cannot be satisfied is never created: Waiting CreateContainerConfigError with the
 * message, a Failed event, no restart counted, the pod Pending, and the start tried again ten seconds later.
 */
class ContainerConfigErrorTest {
    private static final String MESSAGE = "couldn't find key \"mode\" in ConfigMap default/settings";
    private final ManualPodSync kubelet = new ManualPodSync();
    private final Pod pod = TestPods.pod("configured", "Always", TestPods.image("app")).build();

    @Test
    void aContainerThatCannotBeCreatedWaitsWithTheReasonAndIsRetried() {
        kubelet.runtime.configError = MESSAGE;
        kubelet.sync(pod);

        ContainerStatus app = kubelet.sink.container(pod, "app");
        assertEquals("CreateContainerConfigError", app.getState().getWaiting().getReason());
        assertEquals(MESSAGE, app.getState().getWaiting().getMessage());
        assertEquals(0, app.getRestartCount());
        assertEquals("Pending", kubelet.sink.status(pod).getPhase());
        assertTrue(kubelet.events.events.contains("node-1 Warning Failed spec.containers{app}: Error: " + MESSAGE),
                kubelet.events.events.toString());
        assertTrue(kubelet.events.events.stream().noneMatch(e -> e.contains(" Started ")), "never started");
        assertEquals(KubeletPodSyncer.CONFIG_RETRY, kubelet.last.requeueAfter());

        kubelet.advanceSeconds(5);
        kubelet.sync(pod);
        assertEquals(1, kubelet.runtime.count("start"), "not retried before ten seconds");

        kubelet.runtime.configError = null; // the ConfigMap appeared
        kubelet.advanceSeconds(5);
        kubelet.sync(pod);
        assertEquals(2, kubelet.runtime.count("start"));
        assertNotNull(kubelet.sink.container(pod, "app").getState().getRunning());
        assertEquals(0, kubelet.sink.container(pod, "app").getRestartCount(), "a first run, not a restart");
        assertEquals("Running", kubelet.sink.status(pod).getPhase());
    }
}
