package io.quarkube.scheduler.plugins.interpodaffinity;

import io.fabric8.kubernetes.api.model.Pod;
import io.quarkube.scheduler.framework.CycleState;
import io.quarkube.scheduler.framework.NodeInfo;
import io.quarkube.scheduler.framework.Snapshot;
import io.quarkube.scheduler.framework.Status;
import io.quarkube.scheduler.plugins.RandomCluster;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The index-based InterPodAffinity decides exactly as the full scan over every pod: random clusters changed
 * step by step through the cache (so the snapshot's indexes are maintained incrementally, not rebuilt), many
 * random incoming pods, and every PreFilter, Filter, PreScore, Score and normalized score compared.
 */
class InterPodAffinityIndexEquivalenceTest {
    private int prefiltered;
    private int rejected;
    private int scored;

    @Test
    void indexedResultsEqualFullScanOnRandomClusters() {
        RandomCluster.forEachSeed("InterPodAffinityIndexEquivalenceTest", this::runCluster);
        // the comparisons must have had something to compare
        assertTrue(prefiltered > 100, "PreFilter ran " + prefiltered);
        assertTrue(rejected > 100, "nodes rejected " + rejected);
        assertTrue(scored > 100, "PreScore ran " + scored);
    }

    private void runCluster(long seed) {
        RandomCluster cluster = RandomCluster.mutated(seed);
        int hardWeight = cluster.random().nextInt(3);
        InterPodAffinity indexed = new InterPodAffinity(RandomCluster.NAMESPACE_LABELS::get, hardWeight, true);
        InterPodAffinity scan = new InterPodAffinity(RandomCluster.NAMESPACE_LABELS::get, hardWeight, false);
        for (int step = 0; step < 40; step++) {
            Snapshot snapshot = cluster.update();
            for (int i = 0; i < 5; i++) {
                compare(indexed, scan, snapshot, cluster.pendingPod());
            }
            for (int i = 1 + cluster.random().nextInt(3); i > 0; i--) {
                cluster.mutate();
            }
        }
    }

    private void compare(InterPodAffinity indexed, InterPodAffinity scan, Snapshot snapshot, Pod pod) {
        CycleState a = new CycleState(snapshot);
        CycleState b = new CycleState(snapshot);
        Status expected = scan.preFilter(b, pod);
        assertEquals(expected, indexed.preFilter(a, pod), "PreFilter");
        List<NodeInfo> nodes = snapshot.nodes();
        if (expected.isSuccess()) {
            prefiltered++;
            for (NodeInfo node : nodes) {
                Status want = scan.filter(b, pod, node);
                assertEquals(want, indexed.filter(a, pod, node), "Filter on " + node.name());
                rejected += want.isSuccess() ? 0 : 1;
            }
        }
        if (nodes.isEmpty()) {
            return;
        }
        Status expectedScore = scan.preScore(b, pod, nodes);
        assertEquals(expectedScore, indexed.preScore(a, pod, nodes), "PreScore");
        if (expectedScore.isSuccess()) {
            scored++;
            long[] want = new long[nodes.size()];
            long[] got = new long[nodes.size()];
            for (int i = 0; i < want.length; i++) {
                want[i] = scan.score(b, pod, nodes.get(i));
                got[i] = indexed.score(a, pod, nodes.get(i));
            }
            assertArrayEquals(want, got, "Score");
            scan.normalize(b, pod, want);
            indexed.normalize(a, pod, got);
            assertArrayEquals(want, got, "normalized Score");
        }
    }
}
