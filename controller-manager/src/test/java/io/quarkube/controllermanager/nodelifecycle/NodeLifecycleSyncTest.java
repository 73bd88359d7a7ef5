package io.quarkube.controllermanager.nodelifecycle;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeCondition;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Taint;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.quarkube.api.testing.MutableClock;
import io.quarkube.controllermanager.MapLister;
import io.quarkube.controllermanager.RecordingEnqueuer;
import io.quarkube.controllermanager.controller.Result;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Node health judged by observed heartbeats, the Unknown conditions and the taints that follow them. */
class NodeLifecycleSyncTest {
    private static final Duration GRACE = NodeLifecycleHarness.GRACE;
    private static final Instant SKEWED = Instant.parse("2020-06-01T00:00:00Z"); // the kubelet's clock is years off

    private final NodeLifecycleHarness h = new NodeLifecycleHarness();
    private final MutableClock clock = h.clock;
    private final MapLister<Node> nodes = h.nodes;
    private final MapLister<Lease> leases = h.leases;
    private final List<Pod> pods = h.pods;
    private final FakeNodeLifecycleClient client = h.client;
    private final RecordingRecorder events = h.events;
    private final RecordingEnqueuer queue = h.queue;
    private final NodeLifecycleSync sync = h.sync;

    private void tick() {
        h.tick();
    }

    private Node node(String name) {
        return h.node(name);
    }

    private static String ready(Node node) {
        return NodeLifecycleHarness.ready(node);
    }

    private static Set<String> taints(Node node) {
        return NodeLifecycleHarness.taints(node);
    }

    @Test
    void aNodeIsJudgedByWhenItsHeartbeatWasSeenToChangeNotByTheTimesItWrites() {
        nodes.put(NodeFixtures.node("n1", "True", "2020-06-01T00:00:00Z"));
        leases.put(NodeFixtures.lease("n1", SKEWED));
        tick();
        for (int i = 1; i <= 9; i++) { // 90 s of renewals, with renewTimes far in the past
            clock.advance(Duration.ofSeconds(10));
            leases.put(NodeFixtures.lease("n1", SKEWED.plusSeconds(10L * i)));
            tick();
        }
        assertEquals(List.of(), client.nodeStatusPatches);
        assertEquals("True", ready(node("n1")));

        clock.advance(GRACE); // the renewals stop: exactly 40 s is not yet over the grace period
        tick();
        assertEquals(List.of(), client.nodeStatusPatches);
        clock.advance(Duration.ofSeconds(1));
        tick();
        assertEquals(1, client.nodeStatusPatches.size());
        assertEquals("Unknown", ready(node("n1")));
    }

    @Test
    void aNewStatusHeartbeatAlsoCountsAndTheFirstSightGivesAWholeGracePeriod() {
        nodes.put(NodeFixtures.node("n1", "True", "2020-06-01T00:00:00Z")); // no Lease at all
        tick();
        clock.advance(Duration.ofSeconds(35));
        nodes.put(NodeFixtures.node("n1", "True", "2020-06-01T00:05:00Z"));
        tick();
        clock.advance(Duration.ofSeconds(35));
        tick();
        assertEquals(List.of(), client.nodeStatusPatches);
        clock.advance(Duration.ofSeconds(6));
        tick();
        assertEquals("Unknown", ready(node("n1")));
    }

    @Test
    void aSilentNodeBecomesUnknownAndUnreachableTaintedWithHeartbeatTimesKept() {
        nodes.put(NodeFixtures.node("n1", "True", "2025-01-01T00:00:00Z"));
        tick();
        clock.advance(Duration.ofSeconds(45));
        tick();

        Map<String, Object> patch = client.nodeStatusPatches.get(0);
        assertEquals(Map.of("resourceVersion", "10"), patch.get("metadata"), "a 409 if the kubelet wrote meanwhile");
        Node after = node("n1");
        assertEquals(4, after.getStatus().getConditions().size());
        for (NodeCondition c : after.getStatus().getConditions()) {
            assertEquals("Unknown", c.getStatus(), c.getType());
            assertEquals("NodeStatusUnknown", c.getReason());
            assertEquals("Kubelet stopped posting node status.", c.getMessage());
            assertEquals("2025-01-01T00:00:00Z", c.getLastHeartbeatTime(), "not a heartbeat");
            assertEquals("2025-01-01T00:00:45Z", c.getLastTransitionTime());
        }
        assertEquals(Set.of("node.kubernetes.io/unreachable:NoSchedule", "node.kubernetes.io/unreachable:NoExecute"),
                taints(after));
        for (Taint taint : after.getSpec().getTaints()) {
            assertEquals("2025-01-01T00:00:45Z", taint.getTimeAdded());
        }
        assertTrue(events.events.contains("Node n1 Normal NodeNotReady: Node n1 status is now: NodeNotReady"),
                events.events.toString());

        clock.advance(Duration.ofSeconds(30)); // nothing more to do: no second patch, update or event
        tick();
        assertEquals(1, client.nodeStatusPatches.size());
        assertEquals(1, client.nodeUpdates.size());
        assertEquals(1, events.events.stream().filter(e -> e.startsWith("Node ")).count());
    }

    @Test
    void aNotReadyNodeGetsNotReadyTaintsAndItsPodsAreNotFailed() {
        nodes.put(NodeFixtures.node("n1", "False", "2025-01-01T00:00:00Z"));
        pods.add(NodeFixtures.pod("p1", "n1"));
        sync.sync("n1");
        assertEquals(Set.of("node.kubernetes.io/not-ready:NoSchedule", "node.kubernetes.io/not-ready:NoExecute"),
                taints(node("n1")));
        assertEquals(List.of(), client.podPatches);
    }

    @Test
    void anUnreachableNodeThatReportsNotReadySwapsItsTaints() {
        Node node = NodeFixtures.node("n1", "False", "2025-01-01T00:00:00Z");
        node.getSpec().setTaints(new ArrayList<>(List.of(
                new Taint("NoSchedule", "node.kubernetes.io/unreachable", "2025-01-01T00:00:00Z", null),
                new Taint("NoExecute", "node.kubernetes.io/unreachable", "2025-01-01T00:00:00Z", null))));
        nodes.put(node);
        sync.sync("n1");
        assertEquals(Set.of("node.kubernetes.io/not-ready:NoSchedule", "node.kubernetes.io/not-ready:NoExecute"),
                taints(node("n1")));
        assertEquals(1, client.nodeUpdates.size(), "one update swaps both");
    }

    @Test
    void aNodeThatComesBackLosesItsTaintsButKeepsOthers() {
        Node node = NodeFixtures.node("n1", "True", "2025-01-01T00:00:00Z");
        node.getSpec().setTaints(new ArrayList<>(List.of(
                new Taint("NoSchedule", "node.kubernetes.io/unreachable", "2025-01-01T00:00:00Z", null),
                new Taint("NoExecute", "node.kubernetes.io/unreachable", "2025-01-01T00:00:00Z", null),
                new Taint("NoSchedule", "dedicated", null, "gpu"))));
        nodes.put(node);
        sync.sync("n1");
        assertEquals(Set.of("dedicated:NoSchedule"), taints(node("n1")));
    }

    @Test
    void aCordonedNodeGetsTheUnschedulableTaint() {
        Node node = NodeFixtures.node("n1", "True", "2025-01-01T00:00:00Z");
        node.getSpec().setUnschedulable(true);
        nodes.put(node);
        sync.sync("n1");
        assertEquals(Set.of("node.kubernetes.io/unschedulable:NoSchedule"), taints(node("n1")));
    }

    @Test
    void pressureConditionsGiveNoScheduleTaintsOnly() {
        Node node = NodeFixtures.node("n1", "True", "2025-01-01T00:00:00Z");
        node.getStatus().getConditions().get(0).setStatus("True"); // MemoryPressure
        nodes.put(node);
        sync.sync("n1");
        assertEquals(Set.of("node.kubernetes.io/memory-pressure:NoSchedule"), taints(node("n1")));
    }

    @Test
    void aNodeThatNeverPostedStatusGetsTheStartupGracePeriodAndNoTaintMeanwhile() {
        Node node = NodeFixtures.node("n1", "True", "2025-01-01T00:00:00Z");
        node.getStatus().setConditions(new ArrayList<>());
        nodes.put(node);
        tick();
        clock.advance(Duration.ofSeconds(50));
        tick();
        assertEquals(List.of(), client.nodeStatusPatches);
        assertEquals(Set.of(), taints(node("n1")));
        clock.advance(Duration.ofSeconds(11));
        tick();
        assertEquals(4, node("n1").getStatus().getConditions().size());
        for (NodeCondition c : node("n1").getStatus().getConditions()) {
            assertEquals("Unknown", c.getStatus());
            assertEquals("NodeStatusNeverUpdated", c.getReason());
        }
        assertEquals(Set.of("node.kubernetes.io/unreachable:NoSchedule", "node.kubernetes.io/unreachable:NoExecute"),
                taints(node("n1")));
    }

    @Test
    void theMonitorQueuesOnlyNodesThatNeedALook() {
        nodes.put(NodeFixtures.node("healthy", "True", "2025-01-01T00:00:00Z"));
        nodes.put(NodeFixtures.node("lost", "Unknown", "2025-01-01T00:00:00Z"));
        sync.sync(NodeLifecycleSync.MONITOR_KEY);
        assertEquals(List.of("lost"), queue.keys);
    }

    @Test
    void aDeletedNodeIsForgotten() {
        assertEquals(Result.done(), sync.sync("gone"));
        assertEquals(List.of(), client.nodeStatusPatches);
    }
}
