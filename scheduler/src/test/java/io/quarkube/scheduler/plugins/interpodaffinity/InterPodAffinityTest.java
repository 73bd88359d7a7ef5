package io.quarkube.scheduler.plugins.interpodaffinity;

import io.fabric8.kubernetes.api.model.Pod;
import io.quarkube.scheduler.framework.CycleState;
import io.quarkube.scheduler.framework.NodeInfo;
import io.quarkube.scheduler.framework.PodInfo;
import io.quarkube.scheduler.framework.Status;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.quarkube.scheduler.Fixtures.nodeInfo;
import static io.quarkube.scheduler.plugins.interpodaffinity.AffinityFixtures.HOSTNAME;
import static io.quarkube.scheduler.plugins.interpodaffinity.AffinityFixtures.ZONE;
import static io.quarkube.scheduler.plugins.interpodaffinity.AffinityFixtures.cycle;
import static io.quarkube.scheduler.plugins.interpodaffinity.AffinityFixtures.feasible;
import static io.quarkube.scheduler.plugins.interpodaffinity.AffinityFixtures.filterAll;
import static io.quarkube.scheduler.plugins.interpodaffinity.AffinityFixtures.node;
import static io.quarkube.scheduler.plugins.interpodaffinity.AffinityFixtures.on;
import static io.quarkube.scheduler.plugins.interpodaffinity.AffinityFixtures.pod;
import static io.quarkube.scheduler.plugins.interpodaffinity.AffinityFixtures.requiredAffinity;
import static io.quarkube.scheduler.plugins.interpodaffinity.AffinityFixtures.requiredAntiAffinity;
import static io.quarkube.scheduler.plugins.interpodaffinity.AffinityFixtures.term;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** PreFilter and Filter: required affinity and anti-affinity, of the incoming pod and of the pods already placed. */
class InterPodAffinityTest {
    private final InterPodAffinity plugin = new InterPodAffinity();

    /** n1, n2 in zone a; n3 in zone b; a database pod (app=db) runs on n1. */
    private static List<NodeInfo> zonesWithDbOnN1() {
        return List.of(
                nodeInfo(node("n1", "a"), on("n1", pod("db", "app", "db"))),
                nodeInfo(node("n2", "a"), on("n2", pod("other", "app", "cache"))),
                nodeInfo(node("n3", "b")));
    }

    @Test
    void pluginNameAndWeightAreKubernetes() {
        assertEquals("InterPodAffinity", plugin.name());
        assertEquals(2, plugin.weight());
    }

    @Test
    void plainPodIsSkippedWhenNoPodHasRequiredAntiAffinity() {
        List<NodeInfo> nodes = List.of(nodeInfo(node("n1", "a"),
                requiredAffinity(on("n1", pod("x", "app", "x")), term(ZONE, "app", "y"))));
        CycleState state = cycle(nodes);
        assertTrue(plugin.preFilter(state, pod("plain", "app", "web")).isSkip());
    }

    @Test
    void plainPodIsSkippedWhenExistingAntiAffinityDoesNotConcernIt() {
        List<NodeInfo> nodes = List.of(nodeInfo(node("n1", "a"),
                requiredAntiAffinity(on("n1", pod("x", "app", "x")), term(HOSTNAME, "app", "db"))));
        assertTrue(plugin.preFilter(cycle(nodes), pod("plain", "app", "web")).isSkip());
    }

    @Test
    void requiredAffinityOverZoneAdmitsEveryNodeOfTheZone() {
        Pod web = requiredAffinity(pod("web", "app", "web"), term(ZONE, "app", "db"));
        Map<String, Status> result = filterAll(plugin, web, zonesWithDbOnN1());
        assertTrue(result.get("n1").isSuccess());
        assertTrue(result.get("n2").isSuccess());
        Status n3 = result.get("n3");
        assertEquals(Status.Code.UNSCHEDULABLE_AND_UNRESOLVABLE, n3.code());
        assertEquals(List.of("node(s) didn't match pod affinity rules"), n3.reasons());
    }

    @Test
    void requiredAffinityOverHostnameAdmitsOnlyThatNode() {
        Pod web = requiredAffinity(pod("web", "app", "web"), term(HOSTNAME, "app", "db"));
        assertEquals(List.of("n1"), feasible(plugin, web, zonesWithDbOnN1()));
    }

    @Test
    void allAffinityTermsMustHoldOnTheSameNode() {
        // zone a holds a db (n1) and a cache (n2): a pod needing both in its zone fits both nodes of zone a,
        // but needing the db on its own host and the cache in its zone only fits n1
        Pod zoneBoth = requiredAffinity(pod("w", "app", "web"), term(ZONE, "app", "db"), term(ZONE, "tier", "x"));
        assertEquals(List.of(), feasible(plugin, zoneBoth, zonesWithDbOnN1()), "no pod matches both selectors");

        List<NodeInfo> nodes = List.of(
                nodeInfo(node("n1", "a"), on("n1", pod("db", "app", "db", "tier", "x"))),
                nodeInfo(node("n2", "a")),
                nodeInfo(node("n3", "b")));
        Pod hostAndZone = requiredAffinity(pod("w", "app", "web"), term(HOSTNAME, "app", "db"), term(ZONE, "tier", "x"));
        assertEquals(List.of("n1"), feasible(plugin, hostAndZone, nodes));
    }

    @Test
    void nodeWithoutTheTopologyLabelNeverSatisfiesAffinity() {
        // the db runs on n4, which has no zone label: it counts for no zone, and n4 itself cannot satisfy a zone term
        List<NodeInfo> nodes = List.of(
                nodeInfo(node("n1", "a"), on("n1", pod("db", "app", "db"))),
                nodeInfo(node("n4", null), on("n4", pod("db2", "app", "db"))));
        Pod web = requiredAffinity(pod("web", "app", "web"), term(ZONE, "app", "db"));
        Map<String, Status> result = filterAll(plugin, web, nodes);
        assertTrue(result.get("n1").isSuccess());
        assertEquals(List.of("node(s) didn't match pod affinity rules"), result.get("n4").reasons());
    }

    @Test
    void firstPodOfASelfAffineGroupMayGoAnywhereWithTheTopologyKey() {
        List<NodeInfo> nodes = List.of(nodeInfo(node("n1", "a")), nodeInfo(node("n2", "b")),
                nodeInfo(node("n3", null)));
        Pod first = requiredAffinity(pod("web-0", "app", "web"), term(ZONE, "app", "web"));
        assertEquals(List.of("n1", "n2"), feasible(plugin, first, nodes));
    }

    @Test
    void firstPodRuleNeedsThePodToMatchItsOwnTerms() {
        List<NodeInfo> nodes = List.of(nodeInfo(node("n1", "a")), nodeInfo(node("n2", "b")));
        Pod web = requiredAffinity(pod("web", "app", "web"), term(ZONE, "app", "db"));
        assertEquals(List.of(), feasible(plugin, web, nodes));
    }

    @Test
    void onceAGroupExistsItsZoneIsRequired() {
        List<NodeInfo> nodes = List.of(nodeInfo(node("n1", "a")),
                nodeInfo(node("n2", "b"), on("n2", pod("web-0", "app", "web"))));
        Pod second = requiredAffinity(pod("web-1", "app", "web"), term(ZONE, "app", "web"));
        assertEquals(List.of("n2"), feasible(plugin, second, nodes));
    }

    @Test
    void requiredAntiAffinityRejectsTheZoneOfAMatchingPod() {
        Pod web = requiredAntiAffinity(pod("web", "app", "web"), term(ZONE, "app", "db"));
        Map<String, Status> result = filterAll(plugin, web, zonesWithDbOnN1());
        for (String rejected : List.of("n1", "n2")) {
            assertEquals(Status.Code.UNSCHEDULABLE, result.get(rejected).code());
            assertEquals(List.of("node(s) didn't match pod anti-affinity rules"), result.get(rejected).reasons());
        }
        assertTrue(result.get("n3").isSuccess());
    }

    @Test
    void antiAffinityToItsOwnAppSpreadsOnePodPerNode() {
        List<NodeInfo> nodes = new ArrayList<>(List.of(nodeInfo(node("n1", "a")), nodeInfo(node("n2", "a")),
                nodeInfo(node("n3", "b"))));
        List<String> placed = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            Pod replica = requiredAntiAffinity(pod("web-" + i, "app", "web"), term(HOSTNAME, "app", "web"));
            List<String> fits = feasible(plugin, replica, nodes);
            assertEquals(3 - i, fits.size(), "replica " + i + " fits every node without a replica: " + fits);
            String chosen = fits.get(0);
            placed.add(chosen);
            int index = List.of("n1", "n2", "n3").indexOf(chosen);
            replica.getSpec().setNodeName(chosen);
            nodes.set(index, nodes.get(index).withPodAdded(PodInfo.of(replica)));
        }
        assertEquals(List.of("n1", "n2", "n3"), placed);
        Pod fourth = requiredAntiAffinity(pod("web-3", "app", "web"), term(HOSTNAME, "app", "web"));
        Map<String, Status> result = filterAll(plugin, fourth, nodes);
        // each node is rejected by the pod's own anti-affinity (checked before the existing pods' rules)
        result.values().forEach(status ->
                assertEquals(List.of("node(s) didn't match pod anti-affinity rules"), status.reasons()));
    }

    @Test
    void existingPodsAntiAffinityRejectsTheIncomingPodInItsTopology() {
        // the db refuses web pods in its zone; the incoming web pod has no affinity of its own
        List<NodeInfo> nodes = List.of(
                nodeInfo(node("n1", "a"), requiredAntiAffinity(on("n1", pod("db", "app", "db")), term(ZONE, "app", "web"))),
                nodeInfo(node("n2", "a")),
                nodeInfo(node("n3", "b")));
        Map<String, Status> result = filterAll(plugin, pod("web", "app", "web"), nodes);
        for (String rejected : List.of("n1", "n2")) {
            assertEquals(Status.Code.UNSCHEDULABLE, result.get(rejected).code());
            assertEquals(List.of("node(s) didn't satisfy existing pods anti-affinity rules"),
                    result.get(rejected).reasons());
        }
        assertTrue(result.get("n3").isSuccess());
    }

    @Test
    void existingPodsAntiAffinityOverHostnameOnlyRejectsItsNode() {
        List<NodeInfo> nodes = List.of(
                nodeInfo(node("n1", "a"), requiredAntiAffinity(on("n1", pod("db", "app", "db")),
                        term(HOSTNAME, "app", "web"))),
                nodeInfo(node("n2", "a")));
        assertEquals(List.of("n2"), feasible(plugin, pod("web", "app", "web"), nodes));
    }

    @Test
    void affinityFailureIsReportedBeforeAntiAffinity() {
        // n3 (zone b) has no db, and a cache pod that the anti-affinity refuses: affinity decides the reason
        List<NodeInfo> nodes = List.of(
                nodeInfo(node("n1", "a"), on("n1", pod("db", "app", "db"))),
                nodeInfo(node("n3", "b"), on("n3", pod("cache", "app", "cache"))));
        Pod web = requiredAntiAffinity(requiredAffinity(pod("web", "app", "web"), term(ZONE, "app", "db")),
                term(HOSTNAME, "app", "cache"));
        Map<String, Status> result = filterAll(plugin, web, nodes);
        assertTrue(result.get("n1").isSuccess());
        assertEquals(List.of("node(s) didn't match pod affinity rules"), result.get("n3").reasons());
    }

    @Test
    void antiAffinityWithoutMatchingPodsRejectsNoNode() {
        // a big cluster without any matching pod: PreFilter walks it once, Filter then rejects nothing
        List<NodeInfo> nodes = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            nodes.add(nodeInfo(node("n" + i, "z" + (i % 5)), on("n" + i, pod("p" + i, "app", "other"))));
        }
        Pod web = requiredAntiAffinity(pod("web", "app", "web"), term(HOSTNAME, "app", "web"));
        assertEquals(500, feasible(plugin, web, nodes).size());
    }
}
