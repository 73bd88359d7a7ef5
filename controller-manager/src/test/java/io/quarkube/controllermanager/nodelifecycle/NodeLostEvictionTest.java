package io.quarkube.controllermanager.nodelifecycle;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Taint;
import io.fabric8.kubernetes.api.model.Toleration;
import io.quarkube.controllermanager.controller.Result;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Pods of an unreachable node: NodeLost at once, deleted when their toleration of the taint runs out. */
class NodeLostEvictionTest {
    private final NodeLifecycleHarness t = new NodeLifecycleHarness();

    /** n1 heartbeats until 00:00:00, goes silent and is declared unreachable at 00:00:45. */
    private void loseNode() {
        t.addHealthyNodes("n2", "n3");
        t.nodes.put(NodeFixtures.node("n1", "True", "2025-01-01T00:00:00Z"));
        t.tick();
        t.clock.advance(Duration.ofSeconds(45));
        t.tick();
        assertEquals("Unknown", NodeLifecycleHarness.ready(t.node("n1")));
    }

    private List<String> deleted() {
        return t.client.deletions.stream().map(d -> d.name() + " grace=" + d.gracePeriodSeconds()).toList();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> status(FakeNodeLifecycleClient.PodPatch patch) {
        return (Map<String, Object>) patch.patch().get("status");
    }

    @Test
    void podsOfAnUnreachableNodeFailWithNodeLostAtOnce() {
        t.pods.add(NodeFixtures.pod("p1", "n1"));
        t.pods.add(NodeFixtures.pod("elsewhere", "n2"));
        Pod done = NodeFixtures.pod("done", "n1");
        done.getStatus().setPhase("Succeeded");
        t.pods.add(done);
        loseNode();

        assertEquals(1, t.client.podPatches.size(), "only the running pod of n1");
        FakeNodeLifecycleClient.PodPatch patch = t.client.podPatches.get(0);
        assertEquals("p1", patch.name());
        assertEquals(Map.of("resourceVersion", "5"), patch.patch().get("metadata"));
        Map<String, Object> status = status(patch);
        assertEquals("Failed", status.get("phase"));
        assertEquals("NodeLost", status.get("reason"));
        assertEquals("Node n1 which was running pod p1 is unresponsive", status.get("message"));
        List<?> conditions = (List<?>) status.get("conditions");
        assertEquals(Map.of("type", "Ready", "status", "False", "lastTransitionTime", "2025-01-01T00:00:45Z"),
                conditions.get(0));
        assertTrue(t.events.events.contains("Pod p1 Warning NodeNotReady: Node is not ready"));
        assertEquals(List.of(), deleted(), "the default toleration gives it 300 s");
    }

    @Test
    void theDefaultTolerationDeletesThePod300SecondsAfterTheTaintWithGracePeriod0() {
        t.pods.add(NodeFixtures.pod("p1", "n1"));
        loseNode();
        t.clock.advance(Duration.ofSeconds(299));
        assertEquals(Result.requeueAfter(Duration.ofSeconds(1)), t.sync.sync("n1"));
        assertEquals(List.of(), deleted());
        t.clock.advance(Duration.ofSeconds(1));
        t.sync.sync("n1");
        assertEquals(List.of("p1 grace=0"), deleted());
        assertTrue(t.events.events.contains(
                "Pod p1 Normal TaintManagerEviction: Marking for deletion Pod default/p1"), t.events.events.toString());
    }

    @Test
    void tolerationSecondsZeroOrNoTolerationDeleteAtOnce() {
        t.pods.add(NodeFixtures.withTolerations(NodeFixtures.pod("zero", "n1"),
                new Toleration("NoExecute", "node.kubernetes.io/unreachable", "Exists", 0L, null)));
        t.pods.add(NodeFixtures.withTolerations(NodeFixtures.pod("none", "n1")));
        loseNode();
        assertEquals(List.of("zero grace=0", "none grace=0"), deleted());
    }

    @Test
    void aTolerationWithoutSecondsKeepsThePodForEverAndOnlyNotReady() {
        Pod daemon = NodeFixtures.withTolerations(NodeFixtures.pod("daemon", "n1"),
                new Toleration("NoExecute", "node.kubernetes.io/unreachable", "Exists", null, null));
        t.pods.add(daemon);
        loseNode();
        daemon.getStatus().getConditions().get(0).setStatus("False"); // the patch, as the informer delivers it
        t.clock.advance(Duration.ofDays(1));
        assertEquals(Result.done(), t.sync.sync("n1"));
        assertEquals(List.of(), deleted());
        assertEquals(1, t.client.podPatches.size());
        Map<String, Object> status = status(t.client.podPatches.get(0));
        assertEquals(null, status.get("phase"), "not failed: it belongs with its node");
        assertTrue(status.containsKey("conditions"));
    }

    @Test
    void theEarliestExpiryOverSeveralTaintsWinsAndTimeAddedCounts() {
        Node node = NodeFixtures.node("n1", "True", "2025-01-01T00:00:00Z");
        node.getSpec().setTaints(new ArrayList<>(List.of(
                new Taint("NoExecute", "maintenance", "2024-12-31T23:59:00Z", null)))); // added a minute ago
        t.nodes.put(node);
        t.pods.add(NodeFixtures.withTolerations(NodeFixtures.pod("p1", "n1"),
                new Toleration("NoExecute", "maintenance", "Exists", 90L, null)));
        t.addHealthyNodes("n2", "n3");
        t.tick();
        assertEquals(Result.requeueAfter(Duration.ofSeconds(30)), t.sync.sync("n1"));
        t.clock.advance(Duration.ofSeconds(30));
        t.sync.sync("n1");
        assertEquals(List.of("p1 grace=null"), deleted(), "a Ready node's kubelet stops the pod gracefully");
        assertEquals(List.of(), t.client.podPatches, "a Ready node's pods are not NodeLost");
    }

    @Test
    void aPodAlreadyDeletedWithGrace0IsLeftAlone() {
        Pod going = NodeFixtures.withTolerations(NodeFixtures.pod("going", "n1"));
        going.getMetadata().setDeletionTimestamp("2025-01-01T00:00:00Z");
        going.getMetadata().setDeletionGracePeriodSeconds(0L);
        t.pods.add(going);
        loseNode();
        assertEquals(List.of(), deleted());
    }

    @Test
    void aStatefulSetPodIsOnlyMarkedNotReadyAndEvictedWithItsGracePeriod() {
        Pod member = NodeFixtures.pod("web-0", "n1");
        member.getMetadata().setOwnerReferences(List.of(new io.fabric8.kubernetes.api.model.OwnerReferenceBuilder()
                .withApiVersion("apps/v1").withKind("StatefulSet").withName("web").withUid("uid-web")
                .withController(true).build()));
        t.pods.add(member);
        loseNode();
        assertEquals(null, status(t.client.podPatches.get(0)).get("phase"),
                "not Failed: its StatefulSet would start web-0 elsewhere while n1 may still run it");
        t.clock.advance(Duration.ofSeconds(300));
        t.sync.sync("n1");
        assertEquals(List.of("web-0 grace=null"), deleted(), "Terminating until n1 answers or is deleted");
    }

    @Test
    void whenMostNodesAreNotReadyNoPodIsFailedOrEvicted() {
        t.nodes.put(NodeFixtures.node("n1", "True", "2025-01-01T00:00:00Z"));
        t.nodes.put(NodeFixtures.node("n2", "True", "2025-01-01T00:00:00Z"));
        t.addHealthyNodes("n3");
        t.pods.add(NodeFixtures.withTolerations(NodeFixtures.pod("p1", "n1")));
        t.tick();
        t.clock.advance(Duration.ofSeconds(45));
        t.tick();
        assertEquals("Unknown", NodeLifecycleHarness.ready(t.node("n1")), "the conditions still say what is seen");
        assertEquals(List.of(), t.client.podPatches, "2 of 3 nodes silent: more likely our network than theirs");
        assertEquals(List.of(), deleted());

        t.alive.add("n2"); // n2's kubelet is back: it renews its Lease and posts Ready again; 1 of 3 not Ready
        t.nodes.put(NodeFixtures.node("n2", "True", "2025-01-01T00:01:00Z"));
        t.tick();
        t.tick();
        assertEquals(List.of("p1 grace=0"), deleted(), "acting again once the disruption is over");
    }
}
