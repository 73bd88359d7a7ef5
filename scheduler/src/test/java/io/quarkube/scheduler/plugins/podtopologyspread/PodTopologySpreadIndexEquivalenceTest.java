package io.quarkube.scheduler.plugins.podtopologyspread;

import io.fabric8.kubernetes.api.model.Pod;
import io.quarkube.scheduler.framework.CycleState;
import io.quarkube.scheduler.framework.NodeInfo;
import io.quarkube.scheduler.framework.Snapshot;
import io.quarkube.scheduler.framework.Status;
import io.quarkube.scheduler.framework.TopologyDomains;
import io.quarkube.scheduler.plugins.RandomCluster;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The index-based PodTopologySpread decides exactly as counting every node's pods: random clusters changed step
 * by step through the cache (indexes maintained incrementally), random incoming pods with spread constraints of
 * every selector shape, and every PreFilter, Filter, PreScore, Score and normalized score compared, on all
 * nodes and on a random subset of feasible nodes. Nodes are relabelled, tainted, added and removed too, so the
 * snapshot's cached topology domains (PreFilter's path when every node is included) are checked against a fresh
 * build at every step.
 */
class PodTopologySpreadIndexEquivalenceTest {
    private static final String[][] KEY_SETS = {{RandomCluster.ZONE}, {RandomCluster.HOSTNAME},
            {RandomCluster.ZONE, RandomCluster.HOSTNAME}, {RandomCluster.HOSTNAME, RandomCluster.ZONE},
            {RandomCluster.ZONE, RandomCluster.ZONE}};
    private int prefiltered;
    private int rejected;
    private int scored;
    private int allNodesIncluded;
    private int domainChecks;

    @Test
    void indexedResultsEqualFullScanOnRandomClusters() {
        RandomCluster.forEachSeed("PodTopologySpreadIndexEquivalenceTest", this::runCluster);
        assertTrue(prefiltered > 100, "PreFilter ran " + prefiltered);
        assertTrue(rejected > 50, "nodes rejected " + rejected);
        assertTrue(scored > 100, "PreScore ran " + scored);
        assertTrue(allNodesIncluded > 100, "PreFilter with cached domains " + allNodesIncluded);
        assertTrue(domainChecks > 500, "maintained domains checked " + domainChecks);
    }

    private void runCluster(long seed) {
        RandomCluster cluster = RandomCluster.mutated(seed);
        PodTopologySpread indexed = new PodTopologySpread(true);
        PodTopologySpread scan = new PodTopologySpread(false);
        for (int step = 0; step < 40; step++) {
            Snapshot snapshot = cluster.update();
            compareDomains(snapshot);
            for (int i = 0; i < 5; i++) {
                Pod pod = cluster.pendingPod();
                countAllNodesIncluded(snapshot, pod);
                compare(indexed, scan, snapshot, pod, snapshot.nodes());
                List<NodeInfo> some = new ArrayList<>();
                for (NodeInfo node : snapshot.nodes()) {
                    if (cluster.random().nextBoolean()) {
                        some.add(node);
                    }
                }
                compare(indexed, scan, snapshot, pod, some);
            }
            for (int i = 1 + cluster.random().nextInt(3); i > 0; i--) {
                cluster.mutate();
            }
        }
    }

    /** The snapshot's maintained topology domains equal ones built afresh from the same nodes. */
    private void compareDomains(Snapshot snapshot) {
        TopologyDomains maintained = snapshot.topologyDomains();
        TopologyDomains fresh = Snapshot.of(snapshot.nodes()).topologyDomains();
        assertEquals(fresh.hasNodesWithFilteringTaints(), maintained.hasNodesWithFilteringTaints(), "tainted nodes");
        for (String[] keys : KEY_SETS) {
            for (int i = 0; i < keys.length; i++) {
                assertEquals(fresh.domains(keys).values(i), maintained.domains(keys).values(i),
                        "domains of " + keys[i] + " among nodes with " + List.of(keys));
                domainChecks++;
            }
        }
    }

    /** Counts the pods whose DoNotSchedule constraints include every node, so PreFilter takes cached domains. */
    private void countAllNodesIncluded(Snapshot snapshot, Pod pod) {
        List<SpreadConstraint> constraints = SpreadConstraint.of(pod, SpreadConstraint.DO_NOT_SCHEDULE);
        boolean noSelector = pod.getSpec().getNodeSelector() == null || pod.getSpec().getNodeSelector().isEmpty();
        boolean tainted = snapshot.topologyDomains().hasNodesWithFilteringTaints();
        boolean all = !constraints.isEmpty();
        for (SpreadConstraint c : constraints) {
            all &= (!c.honorNodeAffinity() || noSelector) && (!c.honorTaints() || !tainted);
        }
        allNodesIncluded += all ? 1 : 0;
    }

    private void compare(PodTopologySpread indexed, PodTopologySpread scan, Snapshot snapshot, Pod pod,
                         List<NodeInfo> feasible) {
        CycleState a = new CycleState(snapshot);
        CycleState b = new CycleState(snapshot);
        Status expected = scan.preFilter(b, pod);
        assertEquals(expected, indexed.preFilter(a, pod), "PreFilter");
        if (expected.isSuccess()) {
            prefiltered++;
            for (NodeInfo node : snapshot.nodes()) {
                Status want = scan.filter(b, pod, node);
                assertEquals(want, indexed.filter(a, pod, node), "Filter on " + node.name());
                rejected += want.isSuccess() ? 0 : 1;
            }
        }
        if (feasible.isEmpty()) {
            return;
        }
        Status expectedScore = scan.preScore(b, pod, feasible);
        assertEquals(expectedScore, indexed.preScore(a, pod, feasible), "PreScore");
        if (expectedScore.isSuccess()) {
            scored++;
            long[] want = new long[feasible.size()];
            long[] got = new long[feasible.size()];
            for (int i = 0; i < want.length; i++) {
                want[i] = scan.score(b, pod, feasible.get(i));
                got[i] = indexed.score(a, pod, feasible.get(i));
            }
            assertArrayEquals(want, got, "Score");
            scan.normalize(b, pod, want);
            indexed.normalize(a, pod, got);
            assertArrayEquals(want, got, "normalized Score");
        }
    }
}
