package io.quarkube.scheduler.cache;

import io.quarkube.api.testing.MutableClock;
import io.fabric8.kubernetes.api.model.Pod;
import io.quarkube.scheduler.Fixtures;
import io.quarkube.scheduler.framework.NodeInfo;
import io.quarkube.scheduler.framework.Snapshot;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SchedulerCacheTest {
    private final MutableClock clock = new MutableClock();
    private final SchedulerCache cache = new SchedulerCache(clock, Duration.ofMinutes(5));

    @BeforeEach
    void nodes() {
        cache.addOrUpdateNode(Fixtures.node("n1", "4", "8Gi", 110));
        cache.addOrUpdateNode(Fixtures.node("n2", "4", "8Gi", 110));
    }

    private long requestedCpu(String node) {
        return cache.nodeInfo(node).requested().milliCpu();
    }

    @Test
    void assumedPodCountsAtOnce() {
        Pod pod = Fixtures.pod("p1", "1", "1Gi");
        assertTrue(cache.assume(pod, "n1"));
        assertEquals(1000, requestedCpu("n1"));
        assertEquals(1, cache.nodeInfo("n1").podCount());
        assertTrue(cache.isAssumed(pod));
        assertFalse(cache.assume(pod, "n2"));
        assertEquals(0, requestedCpu("n2"));
    }

    @Test
    void forgetUndoesAnAssumption() {
        Pod pod = Fixtures.pod("p1", "1", "1Gi");
        cache.assume(pod, "n1");
        cache.forget(pod);
        assertEquals(0, requestedCpu("n1"));
        assertFalse(cache.contains(pod));
    }

    @Test
    void informerConfirmsAnAssumptionOnTheNodeItReports() {
        Pod pod = Fixtures.pod("p1", "1", "1Gi");
        cache.assume(pod, "n1");
        cache.finishBinding(pod);
        cache.addOrUpdatePod(Fixtures.boundPod("p1", "n2", "1", "1Gi"));
        assertEquals(0, requestedCpu("n1"));
        assertEquals(1000, requestedCpu("n2"));
        assertFalse(cache.isAssumed(pod));
        clock.advance(Duration.ofMinutes(10));
        assertEquals(0, cache.cleanupExpiredAssumedPods()); // confirmed pods never expire
    }

    @Test
    void anUnboundViewDoesNotUndoAnAssumption() {
        Pod pod = Fixtures.pod("p1", "1", "1Gi");
        cache.assume(pod, "n1");
        cache.addOrUpdatePod(pod);
        assertTrue(cache.isAssumed(pod));
    }

    @Test
    void unconfirmedBindingExpires() {
        Pod pod = Fixtures.pod("p1", "1", "1Gi");
        cache.assume(pod, "n1");
        clock.advance(Duration.ofMinutes(10));
        assertEquals(0, cache.cleanupExpiredAssumedPods()); // still binding: no deadline yet
        cache.finishBinding(pod);
        clock.advance(Duration.ofMinutes(6));
        assertEquals(1, cache.cleanupExpiredAssumedPods());
        assertEquals(0, requestedCpu("n1"));
    }

    @Test
    void terminalPodsFreeTheirNode() {
        Pod pod = Fixtures.boundPod("p1", "n1", "1", "1Gi");
        cache.addOrUpdatePod(pod);
        assertEquals(1000, requestedCpu("n1"));
        Pod done = Fixtures.boundPod("p1", "n1", "1", "1Gi");
        done.getStatus().setPhase("Succeeded");
        cache.addOrUpdatePod(done);
        assertEquals(0, requestedCpu("n1"));
    }

    @Test
    void podsOfAnUnknownNodeAreKeptButTheNodeIsNotOffered() {
        cache.addOrUpdatePod(Fixtures.boundPod("p1", "n3", "1", "1Gi"));
        assertEquals(List.of("n1", "n2"), cache.snapshot().nodes().stream().map(NodeInfo::name).toList());
        cache.addOrUpdateNode(Fixtures.node("n3", "4", "8Gi", 110));
        assertEquals(1000, requestedCpu("n3"));
        assertEquals(3, cache.snapshot().size());
    }

    @Test
    void removedNodeDisappearsFromTheSnapshot() {
        cache.removeNode(Fixtures.node("n2", "4", "8Gi", 110));
        assertEquals(List.of("n1"), cache.snapshot().nodes().stream().map(NodeInfo::name).toList());
    }

    @Test
    void theSchedulingSnapshotFollowsEveryChangeIncrementally() {
        Snapshot snapshot = Snapshot.of(List.of());
        cache.updateSnapshot(snapshot);
        assertEquals(List.of("n1", "n2"), snapshot.nodes().stream().map(NodeInfo::name).toList());

        cache.assume(Fixtures.pod("p1", "1", "1Gi"), "n2");
        cache.updateSnapshot(snapshot);
        assertEquals(1000, snapshot.get("n2").requested().milliCpu());

        cache.addOrUpdateNode(Fixtures.node("n0", "4", "8Gi", 110)); // a new node takes its place in the order
        cache.updateSnapshot(snapshot);
        assertEquals(List.of("n0", "n1", "n2"), snapshot.nodes().stream().map(NodeInfo::name).toList());
        assertEquals(1000, snapshot.get("n2").requested().milliCpu());

        cache.removeNode(Fixtures.node("n1", "4", "8Gi", 110));
        cache.forget(Fixtures.pod("p1", "1", "1Gi"));
        cache.updateSnapshot(snapshot);
        assertEquals(List.of("n0", "n2"), snapshot.nodes().stream().map(NodeInfo::name).toList());
        assertEquals(0, snapshot.get("n2").requested().milliCpu());
        assertEquals(null, snapshot.get("n1"));
    }

    @Test
    void theSnapshotKnowsWhichNodesHoldPodsWithAntiAffinity() {
        Pod anti = Fixtures.boundPod("anti", "n1", "1", "1Gi");
        anti.getSpec().setAffinity(new io.fabric8.kubernetes.api.model.AffinityBuilder().withNewPodAntiAffinity()
                .addNewRequiredDuringSchedulingIgnoredDuringExecution().withTopologyKey("kubernetes.io/hostname")
                .withNewLabelSelector().addToMatchLabels("app", "web").endLabelSelector()
                .endRequiredDuringSchedulingIgnoredDuringExecution().endPodAntiAffinity().build());
        Snapshot snapshot = Snapshot.of(List.of());
        cache.updateSnapshot(snapshot);
        assertTrue(snapshot.nodesWithPodsWithRequiredAntiAffinity().isEmpty());
        cache.addOrUpdatePod(anti);
        cache.updateSnapshot(snapshot);
        assertEquals(List.of("n1"), snapshot.nodesWithPodsWithRequiredAntiAffinity().stream().map(NodeInfo::name).toList());
        assertEquals(List.of("n1"), snapshot.nodesWithPodsWithAffinity().stream().map(NodeInfo::name).toList());
        cache.removePod(anti);
        cache.updateSnapshot(snapshot);
        assertTrue(snapshot.nodesWithPodsWithRequiredAntiAffinity().isEmpty());
    }
}
