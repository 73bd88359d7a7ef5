package io.quarkube.scheduler.plugins.podtopologyspread;

import io.fabric8.kubernetes.api.model.NodeAffinityBuilder;
import io.fabric8.kubernetes.api.model.NodeSelectorRequirement;
import io.fabric8.kubernetes.api.model.NodeSelectorTermBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Toleration;
import io.fabric8.kubernetes.api.model.TopologySpreadConstraint;
import io.fabric8.kubernetes.api.model.AffinityBuilder;
import io.quarkube.scheduler.Fixtures;
import io.quarkube.scheduler.framework.CycleState;
import io.quarkube.scheduler.framework.Framework;
import io.quarkube.scheduler.framework.NodeInfo;
import io.quarkube.scheduler.framework.Snapshot;
import io.quarkube.scheduler.framework.Status;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static io.quarkube.scheduler.plugins.podtopologyspread.SpreadFixtures.HOSTNAME;
import static io.quarkube.scheduler.plugins.podtopologyspread.SpreadFixtures.ZONE;
import static io.quarkube.scheduler.plugins.podtopologyspread.SpreadFixtures.copies;
import static io.quarkube.scheduler.plugins.podtopologyspread.SpreadFixtures.hard;
import static io.quarkube.scheduler.plugins.podtopologyspread.SpreadFixtures.incoming;
import static io.quarkube.scheduler.plugins.podtopologyspread.SpreadFixtures.node;
import static io.quarkube.scheduler.plugins.podtopologyspread.SpreadFixtures.pod;
import static io.quarkube.scheduler.plugins.podtopologyspread.SpreadFixtures.podIn;
import static io.quarkube.scheduler.plugins.podtopologyspread.SpreadFixtures.selector;
import static io.quarkube.scheduler.plugins.podtopologyspread.SpreadFixtures.snapshot;
import static io.quarkube.scheduler.plugins.podtopologyspread.SpreadFixtures.soft;
import static io.quarkube.scheduler.plugins.podtopologyspread.SpreadFixtures.tainted;
import static io.quarkube.scheduler.plugins.podtopologyspread.SpreadFixtures.withLabel;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** PreFilter and Filter: DoNotSchedule constraints. */
class PodTopologySpreadTest {
    private static final String REJECTED = "node(s) didn't match pod topology spread constraints";
    private static final String NO_LABEL = "node(s) didn't match pod topology spread constraints (missing required label)";

    private final PodTopologySpread plugin = new PodTopologySpread();

    /** Runs PreFilter then Filter on every node; node name → status. */
    private Map<String, Status> filterAll(Pod pod, NodeInfo... nodes) {
        Snapshot snapshot = snapshot(nodes);
        CycleState state = new CycleState(snapshot);
        Status pre = plugin.preFilter(state, pod);
        assertTrue(pre.isSuccess(), "preFilter: " + pre);
        Map<String, Status> result = new LinkedHashMap<>();
        for (NodeInfo node : snapshot.nodes()) {
            result.put(node.name(), plugin.filter(state, pod, node));
        }
        return result;
    }

    private static void assertRejected(Status status) {
        assertEquals(Status.Code.UNSCHEDULABLE, status.code(), status.toString());
        assertEquals(List.of(REJECTED), status.reasons());
    }

    private static void assertAccepted(Status status) {
        assertTrue(status.isSuccess(), status.toString());
    }

    private static NodeInfo zoneA(Pod... pods) {
        return Fixtures.nodeInfo(node("a1", "zone-a"), pods);
    }

    private static NodeInfo zoneB(Pod... pods) {
        return Fixtures.nodeInfo(node("b1", "zone-b"), pods);
    }

    @Test
    void zoneSpreadRejectsNodesOfTheFullerZone() {
        Pod pod = incoming(hard(1, ZONE, selector("app", "web")));
        Map<String, Status> result = filterAll(pod,
                Fixtures.nodeInfo(node("a1", "zone-a"), copies(2, "web-a", "app", "web")),
                Fixtures.nodeInfo(node("a2", "zone-a")),
                Fixtures.nodeInfo(node("b1", "zone-b"), pod("web-b", "app", "web")));
        // zone-a has 2, zone-b 1: placing in zone-a gives skew 3-1 = 2 > 1, even on its empty node a2.
        assertRejected(result.get("a1"));
        assertRejected(result.get("a2"));
        assertAccepted(result.get("b1"));
    }

    @Test
    void equalZonesAcceptEveryNode() {
        Pod pod = incoming(hard(1, ZONE, selector("app", "web")));
        Map<String, Status> result = filterAll(pod, zoneA(pod("w1", "app", "web")), zoneB(pod("w2", "app", "web")));
        assertAccepted(result.get("a1"));
        assertAccepted(result.get("b1"));
    }

    @Test
    void maxSkewTwoToleratesOneMore() {
        Pod pod = incoming(hard(2, ZONE, selector("app", "web")));
        Map<String, Status> result = filterAll(pod, zoneA(copies(1, "w", "app", "web")), zoneB());
        assertAccepted(result.get("a1"));
        result = filterAll(pod, zoneA(copies(2, "w", "app", "web")), zoneB());
        assertRejected(result.get("a1"));
    }

    @Test
    void hostnameSpreadRejectsOccupiedNodes() {
        Pod pod = incoming(hard(1, HOSTNAME, selector("app", "web")));
        Map<String, Status> result = filterAll(pod,
                Fixtures.nodeInfo(node("n1", null), pod("w1", "app", "web")),
                Fixtures.nodeInfo(node("n2", null)),
                Fixtures.nodeInfo(node("n3", null), pod("w3", "app", "web"), pod("other", "app", "db")));
        assertRejected(result.get("n1"));
        assertAccepted(result.get("n2"));
        assertRejected(result.get("n3"));
    }

    @Test
    void nodeWithoutTheTopologyLabelIsUnresolvable() {
        Pod pod = incoming(hard(1, ZONE, selector("app", "web")));
        Map<String, Status> result = filterAll(pod, zoneA(), Fixtures.nodeInfo(node("nozone", null)));
        Status status = result.get("nozone");
        assertEquals(Status.Code.UNSCHEDULABLE_AND_UNRESOLVABLE, status.code());
        assertEquals(List.of(NO_LABEL), status.reasons());
        assertAccepted(result.get("a1"));
    }

    @Test
    void unlabelledNodesDoNotCountAsAnEmptyDomain() {
        // The zone-less node holds no matching pods but is no domain: the minimum stays zone-a's 1.
        Pod pod = incoming(hard(1, ZONE, selector("app", "web")));
        Map<String, Status> result = filterAll(pod, zoneA(pod("w", "app", "web")), Fixtures.nodeInfo(node("nozone", null)));
        assertAccepted(result.get("a1"));
    }

    @Test
    void minDomainsTreatsTheGlobalMinimumAsZeroWhileDomainsAreMissing() {
        TopologySpreadConstraint constraint = hard(1, ZONE, selector("app", "web"));
        NodeInfo a = zoneA(pod("w1", "app", "web"));
        NodeInfo b = zoneB(pod("w2", "app", "web"));
        assertAccepted(filterAll(incoming(constraint), a, b).get("a1"));

        constraint.setMinDomains(3);
        Map<String, Status> result = filterAll(incoming(constraint), a, b);
        // Only 2 zones of the 3 required: min counts as 0, so 1 + 1 - 0 = 2 > maxSkew everywhere.
        assertRejected(result.get("a1"));
        assertRejected(result.get("b1"));

        constraint.setMinDomains(2);
        assertAccepted(filterAll(incoming(constraint), a, b).get("a1"));
    }

    @Test
    void nodeAffinityPolicyHonorCountsOnlyNodesThePodMaySelect() {
        NodeInfo a = Fixtures.nodeInfo(withLabel(node("a1", "zone-a"), "disk", "ssd"), pod("w", "app", "web"));
        NodeInfo b = Fixtures.nodeInfo(withLabel(node("b1", "zone-b"), "disk", "hdd"));
        TopologySpreadConstraint constraint = hard(1, ZONE, selector("app", "web"));

        Pod honor = incoming(constraint);
        honor.getSpec().setNodeSelector(Map.of("disk", "ssd"));
        // zone-b holds no ssd node, so it is no domain: min is zone-a's 1, and 1 + 1 - 1 = 1 fits.
        assertAccepted(filterAll(honor, a, b).get("a1"));

        constraint.setNodeAffinityPolicy("Ignore");
        Pod ignore = incoming(constraint);
        ignore.getSpec().setNodeSelector(Map.of("disk", "ssd"));
        assertRejected(filterAll(ignore, a, b).get("a1"));
    }

    @Test
    void nodeAffinityPolicyHonorAppliesRequiredNodeAffinityTerms() {
        NodeInfo a = Fixtures.nodeInfo(withLabel(node("a1", "zone-a"), "disk", "ssd"), pod("w", "app", "web"));
        NodeInfo b = Fixtures.nodeInfo(withLabel(node("b1", "zone-b"), "disk", "hdd"));
        Pod pod = incoming(hard(1, ZONE, selector("app", "web")));
        pod.getSpec().setAffinity(new AffinityBuilder().withNodeAffinity(new NodeAffinityBuilder()
                .withNewRequiredDuringSchedulingIgnoredDuringExecution()
                .addToNodeSelectorTerms(new NodeSelectorTermBuilder().addToMatchExpressions(
                        new NodeSelectorRequirement("disk", "In", List.of("ssd", "nvme"))).build())
                .endRequiredDuringSchedulingIgnoredDuringExecution().build()).build());
        assertAccepted(filterAll(pod, a, b).get("a1"));

        // Same affinity, but b1 now matches it: zone-b is a domain with 0 pods and a1 is rejected.
        withLabel(b.node(), "disk", "nvme");
        assertRejected(filterAll(pod, a, b).get("a1"));
    }

    @Test
    void nodeTaintsPolicyHonorSkipsNodesWithUntoleratedTaints() {
        NodeInfo a = zoneA(pod("w", "app", "web"));
        NodeInfo b = Fixtures.nodeInfo(tainted(node("b1", "zone-b"), "dedicated", "NoSchedule"));
        TopologySpreadConstraint constraint = hard(1, ZONE, selector("app", "web"));

        // Ignore (default): the tainted zone-b counts with 0 pods.
        assertRejected(filterAll(incoming(constraint), a, b).get("a1"));

        constraint.setNodeTaintsPolicy("Honor");
        assertAccepted(filterAll(incoming(constraint), a, b).get("a1"));

        Pod tolerating = incoming(constraint);
        tolerating.getSpec().setTolerations(List.of(new Toleration("NoSchedule", "dedicated", "Exists", null, null)));
        assertRejected(filterAll(tolerating, a, b).get("a1"));
    }

    @Test
    void nodeTaintsPolicyHonorIgnoresPreferNoScheduleTaints() {
        NodeInfo a = zoneA(pod("w", "app", "web"));
        NodeInfo b = Fixtures.nodeInfo(tainted(node("b1", "zone-b"), "soft", "PreferNoSchedule"));
        TopologySpreadConstraint constraint = hard(1, ZONE, selector("app", "web"));
        constraint.setNodeTaintsPolicy("Honor");
        assertRejected(filterAll(incoming(constraint), a, b).get("a1"));
    }

    @Test
    void matchLabelKeysCountsOnlyPodsWithTheIncomingPodsValues() {
        TopologySpreadConstraint constraint = hard(1, ZONE, selector("app", "web"));
        Pod pod = incoming(constraint);
        pod.getMetadata().getLabels().put("pod-template-hash", "v2");
        NodeInfo a = zoneA(copies(2, "old", "app", "web", "pod-template-hash", "v1"));
        NodeInfo b = zoneB();
        assertRejected(filterAll(pod, a, b).get("a1"));

        constraint.setMatchLabelKeys(List.of("pod-template-hash"));
        assertAccepted(filterAll(pod, a, b).get("a1"));

        NodeInfo aWithNew = zoneA(pod("new-0", "app", "web", "pod-template-hash", "v2"));
        assertRejected(filterAll(pod, aWithNew, b).get("a1"));
    }

    @Test
    void matchLabelKeysTheIncomingPodLacksAreIgnored() {
        TopologySpreadConstraint constraint = hard(1, ZONE, selector("app", "web"));
        constraint.setMatchLabelKeys(List.of("pod-template-hash"));
        NodeInfo a = zoneA(copies(2, "old", "app", "web", "pod-template-hash", "v1"));
        assertRejected(filterAll(incoming(constraint), a, zoneB()).get("a1"));
    }

    @Test
    void podsOfOtherNamespacesAndTerminatingPodsDoNotCount() {
        Pod pod = incoming(hard(1, ZONE, selector("app", "web")));
        Pod terminating = pod("leaving", "app", "web");
        terminating.getMetadata().setDeletionTimestamp("2025-01-01T00:00:00Z");
        NodeInfo a = zoneA(podIn("other", "elsewhere", "app", "web"), terminating);
        assertAccepted(filterAll(pod, a, zoneB()).get("a1"));

        NodeInfo counted = zoneA(pod("here", "app", "web"));
        assertRejected(filterAll(pod, counted, zoneB()).get("a1"));
    }

    @Test
    void aPodNotMatchingItsOwnSelectorAddsNoSelfMatch() {
        Pod pod = incoming(hard(1, ZONE, selector("app", "db")));
        // zone-a has 1 db pod, zone-b 0: 1 + 0 - 0 = 1 fits; a db pod would make it 2.
        NodeInfo a = zoneA(pod("db", "app", "db"));
        assertAccepted(filterAll(pod, a, zoneB()).get("a1"));
        pod.getMetadata().getLabels().put("app", "db");
        assertRejected(filterAll(pod, a, zoneB()).get("a1"));
    }

    @Test
    void everyConstraintMustHold() {
        Pod pod = incoming(hard(1, ZONE, selector("app", "web")), hard(1, HOSTNAME, selector("app", "web")));
        Map<String, Status> result = filterAll(pod,
                Fixtures.nodeInfo(node("a1", "zone-a"), pod("w1", "app", "web")),
                Fixtures.nodeInfo(node("a2", "zone-a")),
                Fixtures.nodeInfo(node("b1", "zone-b"), pod("w2", "app", "web")),
                Fixtures.nodeInfo(node("b2", "zone-b")));
        // Zones are even (1/1); hostname spread rejects the occupied nodes only.
        assertRejected(result.get("a1"));
        assertAccepted(result.get("a2"));
        assertRejected(result.get("b1"));
        assertAccepted(result.get("b2"));
    }

    @Test
    void anEmptySelectorCountsNoPodsAsInKubernetes() {
        Pod pod = incoming(hard(1, ZONE, new io.fabric8.kubernetes.api.model.LabelSelector()));
        assertAccepted(filterAll(pod, zoneA(copies(3, "w", "app", "web")), zoneB()).get("a1"));
    }

    @Test
    void podsWithoutHardConstraintsSkipTheFilter() {
        CycleState state = new CycleState(snapshot(zoneA()));
        assertTrue(plugin.preFilter(state, pod("plain", "app", "web")).isSkip());
        assertTrue(plugin.preFilter(state, incoming(soft(1, ZONE, selector("app", "web")))).isSkip());
    }

    @Test
    void throughTheFrameworkTheRejectionNamesThePlugin() {
        Pod pod = incoming(hard(1, ZONE, selector("app", "web")));
        NodeInfo a = zoneA(pod("w", "app", "web"));
        CycleState state = new CycleState(snapshot(a, zoneB()));
        Framework framework = new Framework(List.of(plugin));
        assertTrue(framework.runPreFilters(state, pod).isSuccess());
        Status status = framework.runFilters(state, pod, a);
        assertEquals("PodTopologySpread", status.plugin());
        assertEquals(REJECTED, status.message());
    }
}
