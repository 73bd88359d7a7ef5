package io.quarkube.scheduler.framework;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Taint;
import io.quarkube.scheduler.Fixtures;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The snapshot's topology domains follow node label and taint changes, and survive pods being added. */
class TopologyDomainsTest {
    private static final String ZONE = "topology.kubernetes.io/zone";
    private static final String HOST = "kubernetes.io/hostname";
    private static final String[] BY_ZONE = {ZONE};

    private static Node node(String name, String zone) {
        Node node = Fixtures.node(name, "4", "8Gi", 110);
        if (zone != null) {
            node.getMetadata().getLabels().put(ZONE, zone);
        }
        return node;
    }

    private static Snapshot snapshot(Node... nodes) {
        List<NodeInfo> infos = new ArrayList<>();
        for (Node node : nodes) {
            infos.add(NodeInfo.of(node));
        }
        return Snapshot.of(infos);
    }

    private static Node relabelled(Node node, String zone) {
        Node copy = new NodeBuilder(node).build();
        copy.getMetadata().getLabels().put(ZONE, zone);
        return copy;
    }

    @Test
    void domainsAreTheValuesOnNodesCarryingEveryKey() {
        Snapshot snapshot = snapshot(node("a", "z1"), node("b", "z2"), node("c", null), node("d", "z2"));
        TopologyDomains.Domains zoneAndHost = snapshot.topologyDomains().domains(new String[] {ZONE, HOST});

        assertEquals(Set.of("z1", "z2"), snapshot.topologyDomains().domains(BY_ZONE).values(0));
        assertEquals(Set.of("z1", "z2"), zoneAndHost.values(0));
        assertEquals(Set.of("a", "b", "d"), zoneAndHost.values(1), "node c lacks the zone key");
    }

    @Test
    void relabelledNodeMovesItsDomain() {
        Node a = node("a", "z1");
        Snapshot snapshot = snapshot(a, node("b", "z2"));
        NodeInfo before = snapshot.get("a");
        TopologyDomains.Domains zones = snapshot.topologyDomains().domains(BY_ZONE);

        snapshot.replace(before.withNode(relabelled(a, "z3")));

        assertEquals(Set.of("z2", "z3"), zones.values(0), "z1 had only node a");
        assertEquals(Set.of("z2", "z3"), snapshot.topologyDomains().domains(BY_ZONE).values(0));
    }

    @Test
    void nodeEditedInPlaceIsNoticedToo() {
        Node a = node("a", "z1");
        Snapshot snapshot = snapshot(a, node("b", "z1"));
        TopologyDomains.Domains zones = snapshot.topologyDomains().domains(BY_ZONE);

        a.getMetadata().getLabels().remove(ZONE);
        snapshot.replace(snapshot.get("a").withNode(a));
        assertEquals(Set.of("z1"), zones.values(0), "node b still holds z1");

        snapshot.replace(snapshot.get("b").withNode(relabelled(snapshot.get("b").node(), "z9")));
        assertEquals(Set.of("z9"), zones.values(0));
    }

    @Test
    void podAddedKeepsTheCachedDomains() {
        Snapshot snapshot = snapshot(node("a", "z1"), node("b", "z2"));
        TopologyDomains domains = snapshot.topologyDomains();
        TopologyDomains.Domains zones = domains.domains(BY_ZONE);
        NodeInfo a = snapshot.get("a");

        snapshot.replace(a.withPodAdded(PodInfo.of(Fixtures.boundPod("p", "a", "100m", "1Gi"))));

        assertSame(domains, snapshot.topologyDomains());
        assertSame(zones, snapshot.topologyDomains().domains(BY_ZONE));
        assertEquals(Set.of("z1", "z2"), zones.values(0));
    }

    @Test
    void nodeAddedRebuildsTheDomains() {
        Snapshot snapshot = snapshot(node("a", "z1"));
        TopologyDomains before = snapshot.topologyDomains();
        assertEquals(Set.of("z1"), before.domains(BY_ZONE).values(0));

        snapshot.replaceAll(List.of(snapshot.get("a"), NodeInfo.of(node("b", "z2"))));

        assertNotSame(before, snapshot.topologyDomains());
        assertEquals(Set.of("z1", "z2"), snapshot.topologyDomains().domains(BY_ZONE).values(0));
    }

    @Test
    void onlyNoScheduleAndNoExecuteTaintsCount() {
        Node a = node("a", "z1");
        Snapshot snapshot = snapshot(a);
        assertFalse(snapshot.topologyDomains().hasNodesWithFilteringTaints());

        Node prefer = new NodeBuilder(a).build();
        prefer.getSpec().setTaints(List.of(new Taint("PreferNoSchedule", "k", null, "v")));
        snapshot.replace(snapshot.get("a").withNode(prefer));
        assertFalse(snapshot.topologyDomains().hasNodesWithFilteringTaints());

        Node noExecute = new NodeBuilder(a).build();
        noExecute.getSpec().setTaints(List.of(new Taint("NoExecute", "k", null, "v")));
        snapshot.replace(snapshot.get("a").withNode(noExecute));
        assertTrue(snapshot.topologyDomains().hasNodesWithFilteringTaints());

        snapshot.replace(snapshot.get("a").withNode(a));
        assertFalse(snapshot.topologyDomains().hasNodesWithFilteringTaints());
    }
}
