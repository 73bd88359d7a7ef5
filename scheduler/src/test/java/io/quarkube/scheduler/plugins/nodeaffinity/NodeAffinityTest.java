package io.quarkube.scheduler.plugins.nodeaffinity;

import io.fabric8.kubernetes.api.model.AffinityBuilder;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeSelectorRequirement;
import io.fabric8.kubernetes.api.model.NodeSelectorTerm;
import io.fabric8.kubernetes.api.model.Pod;
import io.quarkube.scheduler.Fixtures;
import io.quarkube.scheduler.framework.CycleState;
import io.quarkube.scheduler.framework.NodeInfo;
import io.quarkube.scheduler.framework.Status;
import io.quarkube.scheduler.ScoreRuns;
import io.fabric8.kubernetes.api.model.PreferredSchedulingTerm;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class NodeAffinityTest {
    private final NodeAffinity plugin = new NodeAffinity();

    private static Node node(String name, Map<String, String> labels) {
        Node node = Fixtures.node(name, "4", "8Gi", 110);
        node.getMetadata().getLabels().putAll(labels);
        return node;
    }

    /** PreFilter then Filter, as the framework runs them (a skipped PreFilter means every node fits). */
    private boolean fits(Pod pod, Node node) {
        CycleState state = new CycleState();
        Status pre = plugin.preFilter(state, pod);
        if (pre.isSkip()) {
            return true;
        }
        Status status = pre.isSuccess() ? plugin.filter(state, pod, NodeInfo.of(node)) : pre;
        if (!status.isSuccess()) {
            assertEquals(Status.Code.UNSCHEDULABLE_AND_UNRESOLVABLE, status.code());
            assertEquals(List.of(NodeAffinity.REASON), status.reasons());
        }
        return status.isSuccess();
    }

    private static Pod withAffinity(NodeSelectorTerm... terms) {
        Pod pod = Fixtures.pod("p", "1", "1Gi");
        pod.getSpec().setAffinity(new AffinityBuilder().withNewNodeAffinity()
                .withNewRequiredDuringSchedulingIgnoredDuringExecution().withNodeSelectorTerms(terms).endRequiredDuringSchedulingIgnoredDuringExecution()
                .endNodeAffinity().build());
        return pod;
    }

    private static NodeSelectorTerm term(NodeSelectorRequirement... expressions) {
        return new NodeSelectorTerm(List.of(expressions), List.of());
    }

    private static NodeSelectorRequirement req(String key, String op, String... values) {
        return new NodeSelectorRequirement(key, op, List.of(values));
    }

    @Test
    void nodeSelectorMustBeASubsetOfTheLabels() {
        Pod pod = Fixtures.pod("p", "1", "1Gi");
        pod.getSpec().setNodeSelector(Map.of("disk", "ssd"));
        assertTrue(fits(pod, node("n1", Map.of("disk", "ssd", "zone", "a"))));
        assertFalse(fits(pod, node("n2", Map.of("disk", "hdd"))));
        assertFalse(fits(pod, node("n3", Map.of())));
    }

    @Test
    void affinityOperators() {
        Node ssdInA = node("n1", Map.of("disk", "ssd", "zone", "a", "cores", "8"));
        assertTrue(fits(withAffinity(term(req("zone", "In", "a", "b"))), ssdInA));
        assertFalse(fits(withAffinity(term(req("zone", "In", "c"))), ssdInA));
        assertTrue(fits(withAffinity(term(req("zone", "NotIn", "c"))), ssdInA));
        assertTrue(fits(withAffinity(term(req("gpu", "NotIn", "x"))), ssdInA));
        assertFalse(fits(withAffinity(term(req("zone", "NotIn", "a"))), ssdInA));
        assertTrue(fits(withAffinity(term(req("disk", "Exists"))), ssdInA));
        assertFalse(fits(withAffinity(term(req("gpu", "Exists"))), ssdInA));
        assertTrue(fits(withAffinity(term(req("gpu", "DoesNotExist"))), ssdInA));
        assertFalse(fits(withAffinity(term(req("disk", "DoesNotExist"))), ssdInA));
        assertTrue(fits(withAffinity(term(req("cores", "Gt", "4"))), ssdInA));
        assertFalse(fits(withAffinity(term(req("cores", "Lt", "4"))), ssdInA));
    }

    @Test
    void expressionsOfATermAreAndedAndTermsAreOred() {
        Node node = node("n1", Map.of("disk", "ssd", "zone", "a"));
        assertFalse(fits(withAffinity(term(req("disk", "In", "ssd"), req("zone", "In", "b"))), node));
        assertTrue(fits(withAffinity(term(req("zone", "In", "b")), term(req("disk", "In", "ssd"))), node));
    }

    @Test
    void emptyTermMatchesNothing() {
        assertFalse(fits(withAffinity(new NodeSelectorTerm(List.of(), List.of())), node("n1", Map.of())));
    }

    @Test
    void matchFieldsOnNodeName() {
        NodeSelectorTerm byName = new NodeSelectorTerm(List.of(), List.of(req("metadata.name", "In", "n1")));
        assertTrue(fits(withAffinity(byName), node("n1", Map.of())));
        assertFalse(fits(withAffinity(byName), node("n2", Map.of())));
    }

    @Test
    void preferredTermsRankNodesByTheirSummedWeights() {
        NodeSelectorTerm ssd = new NodeSelectorTerm(
                List.of(new NodeSelectorRequirement("disk", "In", List.of("ssd"))), null);
        NodeSelectorTerm zoneA = new NodeSelectorTerm(
                List.of(new NodeSelectorRequirement("zone", "In", List.of("a"))), null);
        Pod pod = Fixtures.pod("p", "1", "1Gi");
        pod.getSpec().setAffinity(new AffinityBuilder().withNewNodeAffinity()
                .withPreferredDuringSchedulingIgnoredDuringExecution(
                        new PreferredSchedulingTerm(ssd, 80), new PreferredSchedulingTerm(zoneA, 20))
                .endNodeAffinity().build());
        List<NodeInfo> nodes = List.of(NodeInfo.of(node("both", Map.of("disk", "ssd", "zone", "a"))),
                NodeInfo.of(node("ssd", Map.of("disk", "ssd"))), NodeInfo.of(node("a", Map.of("zone", "a"))),
                NodeInfo.of(node("none", Map.of())));
        // raw 100, 80, 20, 0 → normalized to the best → weight 2
        assertArrayEquals(new long[] {200, 160, 40, 0}, ScoreRuns.scores(plugin, pod, nodes));
    }

    @Test
    void podsWithoutNodeConstraintsSkipFilterAndScore() {
        Pod pod = Fixtures.pod("p", "1", "1Gi");
        assertTrue(plugin.preFilter(new CycleState(), pod).isSkip());
        assertTrue(plugin.preScore(new CycleState(), pod, List.of()).isSkip());
        pod.getSpec().setNodeSelector(Map.of("disk", "ssd"));
        assertFalse(plugin.preFilter(new CycleState(), pod).isSkip());
    }
}
