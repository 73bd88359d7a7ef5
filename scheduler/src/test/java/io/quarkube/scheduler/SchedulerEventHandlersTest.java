package io.quarkube.scheduler;

import io.quarkube.api.testing.MutableClock;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.quarkube.api.informer.ResourceEventHandler;
import io.quarkube.scheduler.cache.SchedulerCache;
import io.quarkube.scheduler.queue.SchedulingQueue;
import io.fabric8.kubernetes.api.model.PodSchedulingGate;
import java.util.List;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SchedulerEventHandlersTest {
    private final MutableClock clock = new MutableClock();
    private final SchedulerCache cache = new SchedulerCache(clock, Duration.ofMinutes(5));
    private final SchedulingQueue queue =
            new SchedulingQueue(clock, Duration.ofSeconds(1), Duration.ofSeconds(10), Duration.ofSeconds(30));
    private final SchedulerEventHandlers handlers = new SchedulerEventHandlers(cache, queue, "default-scheduler");
    private final ResourceEventHandler<Pod> pods = handlers.pods();
    private final ResourceEventHandler<Node> nodes = handlers.nodes();

    /** Leaves one pod in the unschedulable set, past its backoff. */
    private void oneUnschedulablePod() throws InterruptedException {
        pods.onAdd(Fixtures.pod("pending", "1", "1Gi"));
        queue.addUnschedulable(queue.pop(), "no room");
        clock.advance(Duration.ofSeconds(5));
    }

    @Test
    void pendingPodsAreQueuedAndBoundPodsCached() {
        pods.onAdd(Fixtures.pod("p1", "1", "1Gi"));
        pods.onAdd(Fixtures.boundPod("p2", "n1", "1", "1Gi"));
        assertEquals(new SchedulingQueue.Counts(1, 0, 0), queue.counts());
        assertTrue(cache.contains(Fixtures.boundPod("p2", "n1", "1", "1Gi")));

        pods.onUpdate(Fixtures.pod("p1", "1", "1Gi"), Fixtures.boundPod("p1", "n1", "1", "1Gi"));
        assertEquals(new SchedulingQueue.Counts(0, 0, 0), queue.counts());
    }

    @Test
    void heartbeatsDoNotRetryUnschedulablePods() throws InterruptedException {
        Node node = Fixtures.node("n1", "4", "8Gi", 110);
        nodes.onAdd(node);
        oneUnschedulablePod();
        Node heartbeat = Fixtures.node("n1", "4", "8Gi", 110);
        heartbeat.getStatus().getConditions().get(0).setLastHeartbeatTime("2025-01-01T00:00:10Z");
        nodes.onUpdate(node, heartbeat);
        assertEquals(new SchedulingQueue.Counts(0, 0, 1), queue.counts());

        Node relabelled = Fixtures.node("n1", "4", "8Gi", 110);
        relabelled.getMetadata().getLabels().put("disk", "ssd");
        nodes.onUpdate(heartbeat, relabelled);
        assertEquals(new SchedulingQueue.Counts(1, 0, 0), queue.counts());
    }

    @Test
    void deletingABoundPodRetriesUnschedulablePods() throws InterruptedException {
        Pod bound = Fixtures.boundPod("b", "n1", "1", "1Gi");
        pods.onAdd(bound);
        oneUnschedulablePod();
        pods.onDelete(bound);
        assertEquals(new SchedulingQueue.Counts(1, 0, 0), queue.counts());
    }

    @Test
    void aFinishedPodRetriesUnschedulablePods() throws InterruptedException {
        Pod bound = Fixtures.boundPod("b", "n1", "1", "1Gi");
        pods.onAdd(bound);
        oneUnschedulablePod();
        Pod done = Fixtures.boundPod("b", "n1", "1", "1Gi");
        done.getStatus().setPhase("Failed");
        pods.onUpdate(bound, done);
        assertEquals(new SchedulingQueue.Counts(1, 0, 0), queue.counts());
    }

    @Test
    void aGatedPodWaitsUntilItsGatesAreRemoved() {
        Pod gated = Fixtures.pod("gated", "1", "1Gi");
        gated.getSpec().setSchedulingGates(List.of(new PodSchedulingGate("example.com/quota")));
        pods.onAdd(gated);
        assertEquals(new SchedulingQueue.Counts(0, 0, 0), queue.counts());
        pods.onUpdate(gated, Fixtures.pod("gated", "1", "1Gi"));
        assertEquals(new SchedulingQueue.Counts(1, 0, 0), queue.counts());
    }

    @Test
    void onlyPodsNamingThisSchedulerAreQueued() {
        Pod other = Fixtures.pod("other", "1", "1Gi");
        other.getSpec().setSchedulerName("my-scheduler");
        pods.onAdd(other);
        assertEquals(new SchedulingQueue.Counts(0, 0, 0), queue.counts());

        SchedulingQueue mine = new SchedulingQueue(clock, Duration.ofSeconds(1), Duration.ofSeconds(10),
                Duration.ofSeconds(30));
        ResourceEventHandler<Pod> myPods = new SchedulerEventHandlers(cache, mine, "my-scheduler").pods();
        myPods.onAdd(other);
        myPods.onAdd(Fixtures.pod("default", "1", "1Gi"));
        assertEquals(new SchedulingQueue.Counts(1, 0, 0), mine.counts());
    }
}
