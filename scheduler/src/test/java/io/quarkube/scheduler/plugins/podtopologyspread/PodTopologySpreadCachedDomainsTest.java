package io.quarkube.scheduler.plugins.podtopologyspread;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.quarkube.scheduler.framework.CycleState;
import io.quarkube.scheduler.framework.NodeInfo;
import io.quarkube.scheduler.framework.PodInfo;
import io.quarkube.scheduler.framework.Snapshot;
import io.quarkube.scheduler.framework.Status;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static io.quarkube.scheduler.plugins.podtopologyspread.SpreadFixtures.ZONE;
import static io.quarkube.scheduler.plugins.podtopologyspread.SpreadFixtures.hard;
import static io.quarkube.scheduler.plugins.podtopologyspread.SpreadFixtures.incoming;
import static io.quarkube.scheduler.plugins.podtopologyspread.SpreadFixtures.node;
import static io.quarkube.scheduler.plugins.podtopologyspread.SpreadFixtures.pod;
import static io.quarkube.scheduler.plugins.podtopologyspread.SpreadFixtures.selector;
import static io.quarkube.scheduler.plugins.podtopologyspread.SpreadFixtures.snapshot;
import static io.quarkube.scheduler.plugins.podtopologyspread.SpreadFixtures.tainted;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * PreFilter on one long-lived snapshot whose nodes change between attempts, as in the scheduling loop: the domains
 * taken from the snapshot's cache (the pod includes every node) follow relabelled and tainted nodes.
 */
class PodTopologySpreadCachedDomainsTest {
    private final PodTopologySpread plugin = new PodTopologySpread();

    private Status filter(Snapshot snapshot, Pod pod, String node) {
        CycleState state = new CycleState(snapshot);
        assertTrue(plugin.preFilter(state, pod).isSuccess());
        return plugin.filter(state, pod, snapshot.get(node));
    }

    private static NodeInfo withPod(Node node, String podName) {
        Pod pod = pod(podName, "app", "web");
        pod.getSpec().setNodeName(node.getMetadata().getName());
        return NodeInfo.of(node).withPodAdded(PodInfo.of(pod));
    }

    private static void relabel(Snapshot snapshot, String name, String zone) {
        Node node = new NodeBuilder(snapshot.get(name).node()).build();
        node.getMetadata().getLabels().put(ZONE, zone);
        snapshot.replace(snapshot.get(name).withNode(node));
    }

    @Test
    void relabelledNodeOpensANewEmptyDomain() {
        // z1: a (1 web pod), z2: b (1 web pod), c (empty) — every zone has one pod, any node fits
        Snapshot snapshot = snapshot(withPod(node("a", "z1"), "w1"), withPod(node("b", "z2"), "w2"),
                NodeInfo.of(node("c", "z2")));
        Pod pod = incoming(hard(1, ZONE, selector("app", "web")));
        assertTrue(filter(snapshot, pod, "a").isSuccess());

        // c moves to a zone of its own with no web pod: the minimum drops to 0, zones with one pod are full
        relabel(snapshot, "c", "z3");
        assertEquals(Status.Code.UNSCHEDULABLE, filter(snapshot, pod, "a").code());
        assertTrue(filter(snapshot, pod, "c").isSuccess());

        // pods added to c do not disturb the cached domains, and are counted
        snapshot.replace(snapshot.get("c").withPodAdded(PodInfo.of(withNodeName(pod("w3", "app", "web"), "c"))));
        assertTrue(filter(snapshot, pod, "a").isSuccess());
    }

    @Test
    void taintedNodeLeavesTheDomainsOfAPodHonouringTaints() {
        Snapshot snapshot = snapshot(withPod(node("a", "z1"), "w1"), NodeInfo.of(node("b", "z2")));
        Pod pod = incoming(hard(1, ZONE, selector("app", "web")));
        pod.getSpec().getTopologySpreadConstraints().get(0).setNodeTaintsPolicy("Honor");
        assertEquals(Status.Code.UNSCHEDULABLE, filter(snapshot, pod, "a").code(), "empty z2 is the minimum");

        Node b = tainted(new NodeBuilder(snapshot.get("b").node()).build(), "dedicated", "NoSchedule");
        snapshot.replace(snapshot.get("b").withNode(b));
        assertTrue(filter(snapshot, pod, "a").isSuccess(), "z2's only node is excluded: z1 is the only domain");

        List<NodeInfo> nodes = new ArrayList<>(snapshot.nodes());
        nodes.set(1, nodes.get(1).withNode(node("b", "z2")));
        snapshot.replaceAll(nodes);
        assertEquals(Status.Code.UNSCHEDULABLE, filter(snapshot, pod, "a").code(), "untainted again");
    }

    private static Pod withNodeName(Pod pod, String node) {
        pod.getSpec().setNodeName(node);
        return pod;
    }
}
