package io.quarkube.kubelet.podworkers;

import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.quarkube.kubelet.TestPods;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A crash-looping container on the manual clock, through the whole kubelet back-off schedule: the first crash is
 * restarted at once, then CrashLoopBackOff waits 10, 20, 40, 80, 160 s and stays at 300 s; restartCount counts
 * every restart; ten minutes of clean running start the schedule over.
 */
class CrashLoopScheduleTest {
    private final ManualPodSync kubelet = new ManualPodSync();
    private final Pod pod = TestPods.pod("crasher", "Always", TestPods.image("app")).build();

    @Test
    void crashLoopBackOffWaitsTenSecondsDoublingUpToFiveMinutesAndCountsRestarts() {
        kubelet.sync(pod);
        List<Long> waits = new ArrayList<>();
        for (int restart = 1; restart <= 8; restart++) {
            kubelet.advanceSeconds(1);
            kubelet.runtime.exit("app", 1); // crashes one second after each start
            kubelet.sync(pod);
            waits.add(waitUntilRestarted(restart));
        }

        assertEquals(List.of(0L, 10L, 20L, 40L, 80L, 160L, 300L, 300L), waits);
        ContainerStatus app = kubelet.sink.container(pod, "app");
        assertEquals(8, app.getRestartCount());
        assertEquals(1, app.getLastState().getTerminated().getExitCode());
        assertEquals("Running", kubelet.sink.status(pod).getPhase(), "a restarting container keeps the pod Running");
    }

    @Test
    void tenMinutesOfRunningResetTheBackOff() {
        kubelet.sync(pod);
        for (int restart = 1; restart <= 4; restart++) {
            kubelet.advanceSeconds(1);
            kubelet.runtime.exit("app", 1);
            kubelet.sync(pod);
            waitUntilRestarted(restart);
        }
        kubelet.advanceSeconds(Duration.ofMinutes(11).toSeconds());
        kubelet.runtime.exit("app", 2);
        kubelet.sync(pod);

        assertNotNull(kubelet.sink.container(pod, "app").getState().getRunning(), "restarted at once");
        assertEquals(5, kubelet.sink.container(pod, "app").getRestartCount());
        kubelet.advanceSeconds(1);
        kubelet.runtime.exit("app", 2);
        kubelet.sync(pod);
        assertEquals("back-off 10s restarting failed container=app pod=crasher_default(" + pod.getMetadata().getUid()
                + ")", kubelet.sink.container(pod, "app").getState().getWaiting().getMessage());
    }

    /**
     * Steps the clock a second at a time until the container runs again; checks the CrashLoopBackOff status and
     * the worker's requeue while it waits. Returns how long the container waited.
     */
    private long waitUntilRestarted(int expectedRestarts) {
        long waited = 0;
        while (kubelet.sink.container(pod, "app").getState().getRunning() == null) {
            ContainerStatus waiting = kubelet.sink.container(pod, "app");
            assertEquals("CrashLoopBackOff", waiting.getState().getWaiting().getReason());
            assertEquals(expectedRestarts - 1, waiting.getRestartCount(), "counted when it restarts, not before");
            assertNotNull(waiting.getLastState().getTerminated(), "the crash shows as lastState");
            assertTrue(waiting.getState().getWaiting().getMessage().startsWith("back-off "),
                    waiting.getState().getWaiting().getMessage());
            Duration requeue = kubelet.last.requeueAfter();
            assertNotNull(requeue, "the worker is requeued for the end of the back-off");
            kubelet.advanceSeconds(1);
            waited++;
            kubelet.sync(pod);
            assertTrue(waited <= 300, "never waits more than five minutes");
        }
        ContainerStatus running = kubelet.sink.container(pod, "app");
        assertEquals(expectedRestarts, running.getRestartCount());
        assertNull(running.getState().getWaiting());
        return waited;
    }
}
