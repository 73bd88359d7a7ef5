package io.quarkube.scheduler.plugins.tainttoleration;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Taint;
import io.fabric8.kubernetes.api.model.Toleration;
import io.quarkube.scheduler.Fixtures;
import io.quarkube.scheduler.framework.CycleState;
import io.quarkube.scheduler.framework.NodeInfo;
import io.quarkube.scheduler.framework.Status;
import io.quarkube.scheduler.ScoreRuns;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TaintTolerationTest {
    private final TaintToleration plugin = new TaintToleration();

    private static Node tainted(Taint... taints) {
        Node node = Fixtures.node("n1", "4", "8Gi", 110);
        node.getSpec().setTaints(List.of(taints));
        return node;
    }

    private Status filter(Node node, Toleration... tolerations) {
        Pod pod = Fixtures.pod("p", "1", "1Gi");
        pod.getSpec().setTolerations(List.of(tolerations));
        return plugin.filter(new CycleState(), pod, NodeInfo.of(node));
    }

    @Test
    void untoleratedNoScheduleTaintRejects() {
        Status status = filter(tainted(new Taint("NoSchedule", "dedicated", null, "gpu")));
        assertEquals(Status.Code.UNSCHEDULABLE_AND_UNRESOLVABLE, status.code());
        assertEquals(List.of("node(s) had untolerated taint {dedicated: gpu}"), status.reasons());
    }

    @Test
    void noExecuteTaintRejectsToo() {
        assertEquals(Status.Code.UNSCHEDULABLE_AND_UNRESOLVABLE,
                filter(tainted(new Taint("NoExecute", "k", null, "v"))).code());
    }

    @Test
    void preferNoScheduleDoesNotFilter() {
        assertTrue(filter(tainted(new Taint("PreferNoSchedule", "k", null, "v"))).isSuccess());
    }

    @Test
    void equalTolerationNeedsTheSameKeyValueAndEffect() {
        Node node = tainted(new Taint("NoSchedule", "dedicated", null, "gpu"));
        assertTrue(filter(node, new Toleration("NoSchedule", "dedicated", "Equal", null, "gpu")).isSuccess());
        assertTrue(filter(node, new Toleration(null, "dedicated", null, null, "gpu")).isSuccess());
        assertEquals(Status.Code.UNSCHEDULABLE_AND_UNRESOLVABLE,
                filter(node, new Toleration("NoSchedule", "dedicated", "Equal", null, "cpu")).code());
        assertEquals(Status.Code.UNSCHEDULABLE_AND_UNRESOLVABLE,
                filter(node, new Toleration("NoExecute", "dedicated", "Equal", null, "gpu")).code());
    }

    @Test
    void existsTolerations() {
        Node node = tainted(new Taint("NoSchedule", "dedicated", null, "gpu"), new Taint("NoExecute", "other", null, null));
        assertTrue(filter(node, new Toleration(null, "dedicated", "Exists", null, null),
                new Toleration("NoExecute", "other", "Exists", null, null)).isSuccess());
        // an empty key with Exists tolerates every taint
        assertTrue(filter(node, new Toleration(null, null, "Exists", null, null)).isSuccess());
    }

    @Test
    void preferNoScheduleTaintsOnlyLowerTheScore() {
        Node clean = Fixtures.node("n1", "4", "8Gi", 110);
        Node one = tainted(new Taint("PreferNoSchedule", "a", null, "x"));
        Node two = tainted(new Taint("PreferNoSchedule", "a", null, "x"), new Taint("PreferNoSchedule", "b", null, "y"));
        Pod pod = Fixtures.pod("p", "1", "1Gi");
        assertTrue(plugin.filter(new CycleState(), pod, NodeInfo.of(two)).isSuccess());
        // raw counts 0, 1, 2 → reversed 100, 50, 0 → weight 3
        assertArrayEquals(new long[] {300, 150, 0},
                ScoreRuns.scores(plugin, pod, List.of(NodeInfo.of(clean), NodeInfo.of(one), NodeInfo.of(two))));
    }

    @Test
    void aToleratedPreferNoScheduleTaintCostsNothing() {
        Node one = tainted(new Taint("PreferNoSchedule", "a", null, "x"));
        Pod pod = Fixtures.pod("p", "1", "1Gi");
        pod.getSpec().setTolerations(List.of(new Toleration("PreferNoSchedule", "a", "Equal", null, "x")));
        assertArrayEquals(new long[] {300, 300}, ScoreRuns.scores(plugin, pod,
                List.of(NodeInfo.of(Fixtures.node("n2", "4", "8Gi", 110)), NodeInfo.of(one))));
    }
}
