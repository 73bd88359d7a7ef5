package io.quarkube.scheduler.plugins.podtopologyspread;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.TopologySpreadConstraint;
import io.quarkube.scheduler.Fixtures;
import io.quarkube.scheduler.ScoreRuns;
import io.quarkube.scheduler.framework.CycleState;
import io.quarkube.scheduler.framework.NodeInfo;
import io.quarkube.scheduler.framework.Status;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
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
import static io.quarkube.scheduler.plugins.podtopologyspread.SpreadFixtures.withLabel;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** PreScore, Score and NormalizeScore: ScheduleAnyway constraints. */
class PodTopologySpreadScoreTest {
    private final PodTopologySpread plugin = new PodTopologySpread();

    /** Normalized (unweighted) scores of the feasible nodes; the snapshot holds them and {@code others}. */
    private long[] scores(Pod pod, List<NodeInfo> feasible, NodeInfo... others) {
        List<NodeInfo> all = new ArrayList<>(feasible);
        all.addAll(List.of(others));
        CycleState state = new CycleState(snapshot(all.toArray(NodeInfo[]::new)));
        Status pre = plugin.preScore(state, pod, feasible);
        assertTrue(pre.isSuccess(), "preScore: " + pre);
        long[] scores = new long[feasible.size()];
        for (int i = 0; i < scores.length; i++) {
            scores[i] = plugin.score(state, pod, feasible.get(i));
        }
        plugin.normalize(state, pod, scores);
        return scores;
    }

    @Test
    void prefersTheEmptierZoneAndZeroesNodesWithoutTheKey() {
        Pod pod = incoming(soft(1, ZONE, selector("app", "web")));
        List<NodeInfo> nodes = List.of(
                Fixtures.nodeInfo(node("a1", "zone-a"), copies(2, "w", "app", "web")),
                Fixtures.nodeInfo(node("b1", "zone-b")),
                Fixtures.nodeInfo(node("nozone", null)));
        // Raw: zone-a 2 × log(2 + 2) ≈ 2.77 → 3, zone-b 0; normalized 100 × (max + min − s) / max.
        assertArrayEquals(new long[] {0, 100, 0}, scores(pod, nodes));
    }

    @Test
    void theFrameworkAppliesWeightTwo() {
        Pod pod = incoming(soft(1, ZONE, selector("app", "web")));
        List<NodeInfo> nodes = List.of(
                Fixtures.nodeInfo(node("a1", "zone-a"), copies(2, "w", "app", "web")),
                Fixtures.nodeInfo(node("b1", "zone-b")));
        assertEquals(2, plugin.weight());
        assertArrayEquals(new long[] {0, 200}, ScoreRuns.scores(plugin, pod, nodes));
    }

    @Test
    void noMatchingPodsAnywhereGivesEveryNodeTheMaximum() {
        Pod pod = incoming(soft(1, ZONE, selector("app", "web")));
        List<NodeInfo> nodes = List.of(
                Fixtures.nodeInfo(node("a1", "zone-a"), pod("db", "app", "db")),
                Fixtures.nodeInfo(node("b1", "zone-b")));
        assertArrayEquals(new long[] {100, 100}, scores(pod, nodes));
    }

    @Test
    void largerMaxSkewWatersDownTheDifference() {
        Pod pod = incoming(soft(3, ZONE, selector("app", "web")));
        List<NodeInfo> nodes = List.of(
                Fixtures.nodeInfo(node("a1", "zone-a"), copies(2, "w", "app", "web")),
                Fixtures.nodeInfo(node("b1", "zone-b")));
        // Raw: round(2.77 + 2) = 5 and 0 + 2 = 2 → 100 × (5 + 2 − 5) / 5 = 40 and 100.
        assertArrayEquals(new long[] {40, 100}, scores(pod, nodes));
    }

    @Test
    void hostnameSpreadCountsEachNodesOwnPods() {
        Pod pod = incoming(soft(1, HOSTNAME, selector("app", "web")));
        List<NodeInfo> nodes = List.of(
                Fixtures.nodeInfo(node("n1", null), pod("w1", "app", "web")),
                Fixtures.nodeInfo(node("n2", null)),
                Fixtures.nodeInfo(node("n3", null), copies(3, "w3", "app", "web")));
        // Weight log(3 + 2) ≈ 1.61: raw 2, 0, 5 → 60, 100, 0.
        assertArrayEquals(new long[] {60, 100, 0}, scores(pod, nodes));
    }

    @Test
    void podsOnInfeasibleNodesStillCountForTheirDomain() {
        Pod pod = incoming(soft(1, ZONE, selector("app", "web")));
        NodeInfo a1 = Fixtures.nodeInfo(node("a1", "zone-a"));
        NodeInfo full = Fixtures.nodeInfo(node("a2", "zone-a"), copies(3, "w", "app", "web"));
        NodeInfo b1 = Fixtures.nodeInfo(node("b1", "zone-b"), pod("wb", "app", "web"));
        // zone-a 3 → round(4.16) = 4, zone-b 1 → 1: 100 × (4 + 1 − 4) / 4 = 25 and 100.
        assertArrayEquals(new long[] {25, 100}, scores(pod, List.of(a1, b1), full));
    }

    @Test
    void otherNamespacesAndTerminatingPodsAreNotCounted() {
        Pod pod = incoming(soft(1, ZONE, selector("app", "web")));
        Pod terminating = pod("leaving", "app", "web");
        terminating.getMetadata().setDeletionTimestamp("2025-01-01T00:00:00Z");
        List<NodeInfo> nodes = List.of(
                Fixtures.nodeInfo(node("a1", "zone-a"), podIn("other", "x", "app", "web"), terminating),
                Fixtures.nodeInfo(node("b1", "zone-b")));
        assertArrayEquals(new long[] {100, 100}, scores(pod, nodes));
    }

    @Test
    void nodeAffinityPolicyDecidesWhichNodesPodsCount() {
        TopologySpreadConstraint constraint = soft(1, ZONE, selector("app", "web"));
        NodeInfo hdd = Fixtures.nodeInfo(withLabel(node("a-hdd", "zone-a"), "disk", "hdd"), copies(3, "w", "app", "web"));
        NodeInfo aSsd = Fixtures.nodeInfo(withLabel(node("a-ssd", "zone-a"), "disk", "ssd"));
        NodeInfo bSsd = Fixtures.nodeInfo(withLabel(node("b-ssd", "zone-b"), "disk", "ssd"), pod("wb", "app", "web"));

        Pod honor = incoming(constraint);
        honor.getSpec().setNodeSelector(Map.of("disk", "ssd"));
        // Honor (default): the hdd node's 3 pods are not counted, zone-a has 0 and wins.
        assertArrayEquals(new long[] {100, 0}, scores(honor, List.of(aSsd, bSsd), hdd));

        constraint.setNodeAffinityPolicy("Ignore");
        Pod ignore = incoming(constraint);
        ignore.getSpec().setNodeSelector(Map.of("disk", "ssd"));
        // zone-a 3 → 4, zone-b 1 → 1: 25 and 100.
        assertArrayEquals(new long[] {25, 100}, scores(ignore, List.of(aSsd, bSsd), hdd));
    }

    @Test
    void podsWithoutSoftConstraintsSkipScoring() {
        CycleState state = new CycleState(snapshot(Fixtures.nodeInfo(node("a1", "zone-a"))));
        List<NodeInfo> feasible = state.snapshot().nodes();
        assertTrue(plugin.preScore(state, pod("plain", "app", "web"), feasible).isSkip());
        assertTrue(plugin.preScore(state, incoming(hard(1, ZONE, selector("app", "web"))), feasible).isSkip());
    }
}
