package io.quarkube.scheduler.core;

import io.fabric8.kubernetes.api.model.Pod;
import io.quarkube.scheduler.Fixtures;
import io.quarkube.scheduler.framework.CycleState;
import io.quarkube.scheduler.framework.FilterPlugin;
import io.quarkube.scheduler.framework.Framework;
import io.quarkube.scheduler.framework.NodeInfo;
import io.quarkube.scheduler.framework.PreFilterPlugin;
import io.quarkube.scheduler.framework.Snapshot;
import io.quarkube.scheduler.framework.Status;
import io.quarkube.scheduler.plugins.DefaultPlugins;
import io.fabric8.kubernetes.api.model.AffinityBuilder;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SchedulingAlgorithmTest {

    private static Snapshot nodes(int count) {
        return Snapshot.of(IntStream.range(0, count)
                .mapToObj(i -> NodeInfo.of(Fixtures.node(String.format("n%05d", i), "4", "8Gi", 110))).toList());
    }

    @Test
    void numberOfNodesToFindFollowsKubernetesAdaptivePercentage() {
        SchedulingAlgorithm adaptive = new SchedulingAlgorithm(DefaultPlugins.framework());
        assertEquals(50, adaptive.numFeasibleNodesToFind(50));     // under 100: all
        assertEquals(100, adaptive.numFeasibleNodesToFind(150));   // 49% of 150 = 73, but at least 100
        assertEquals(420, adaptive.numFeasibleNodesToFind(1000));  // 50 − 1000/125 = 42%
        assertEquals(500, adaptive.numFeasibleNodesToFind(5000));  // 10%
        assertEquals(1000, adaptive.numFeasibleNodesToFind(20000)); // floor of 5%
        assertEquals(3000, new SchedulingAlgorithm(DefaultPlugins.framework(), 60).numFeasibleNodesToFind(5000));
    }

    /** Counts how many nodes the filters saw per attempt. */
    private static final class CountingFilter implements FilterPlugin {
        final List<String> seen = new ArrayList<>();

        @Override
        public String name() {
            return "Counting";
        }

        @Override
        public Status filter(CycleState state, Pod pod, NodeInfo node) {
            seen.add(node.name());
            return Status.success();
        }
    }

    @Test
    void largeClustersFilterOnlyEnoughNodesAndTheNextAttemptStartsWhereThisOneStopped() {
        CountingFilter counting = new CountingFilter();
        SchedulingAlgorithm algorithm = new SchedulingAlgorithm(new Framework(List.of(counting)));
        Snapshot snapshot = nodes(5000);
        Set<String> seenOverall = new HashSet<>();
        for (int attempt = 0; attempt < 10; attempt++) {
            counting.seen.clear();
            assertNotNull(algorithm.schedule(Fixtures.pod("p" + attempt, "1", "1Gi"), snapshot).nodeName());
            assertEquals(500, counting.seen.size());
            seenOverall.addAll(counting.seen);
        }
        assertEquals(5000, seenOverall.size(), "ten attempts of 500 nodes cover every node once");
    }

    @Test
    void aPreFilterThatSkipsRemovesItsFilterForThatPodOnly() {
        List<String> calls = new ArrayList<>();
        class OnlyForBigPods implements PreFilterPlugin, FilterPlugin {
            @Override
            public String name() {
                return "OnlyForBigPods";
            }

            @Override
            public Status preFilter(CycleState state, Pod pod) {
                return pod.getMetadata().getName().startsWith("big") ? Status.success() : Status.skip();
            }

            @Override
            public Status filter(CycleState state, Pod pod, NodeInfo node) {
                calls.add(pod.getMetadata().getName());
                return Status.unschedulable("too big");
            }
        }
        SchedulingAlgorithm algorithm = new SchedulingAlgorithm(new Framework(List.of(new OnlyForBigPods())));
        assertEquals("n00000", algorithm.schedule(Fixtures.pod("small", "1", "1Gi"), nodes(1)).nodeName());
        assertTrue(calls.isEmpty());
        SchedulingAlgorithm.Result big = algorithm.schedule(Fixtures.pod("big", "1", "1Gi"), nodes(3));
        assertEquals("0/3 nodes are available: 3 too big.", big.fitError().message());
        assertEquals(List.of("big", "big", "big"), calls);
    }

    @Test
    void equalNodesFillEvenly() {
        SchedulingAlgorithm algorithm = new SchedulingAlgorithm(DefaultPlugins.framework());
        Snapshot snapshot = nodes(4);
        Set<String> chosen = new HashSet<>();
        for (int i = 0; i < 4; i++) {
            chosen.add(algorithm.schedule(Fixtures.pod("p" + i, "1", "1Gi"), snapshot).nodeName());
        }
        assertEquals(4, chosen.size(), "identical empty nodes: ties rotate instead of always picking the first");
    }

    /** A DaemonSet pod: required node affinity matchFields metadata.name In [its node]. */
    private static Pod pinnedTo(String... nodeNames) {
        Pod pod = Fixtures.pod("ds", "100m", "64Mi");
        pod.getSpec().setAffinity(new AffinityBuilder().withNewNodeAffinity()
                .withNewRequiredDuringSchedulingIgnoredDuringExecution().addNewNodeSelectorTerm()
                .addNewMatchField().withKey("metadata.name").withOperator("In").withValues(nodeNames).endMatchField()
                .endNodeSelectorTerm().endRequiredDuringSchedulingIgnoredDuringExecution().endNodeAffinity().build());
        return pod;
    }

    @Test
    void aPodPinnedToItsNodeIsFilteredOnThatNodeOnly() {
        CountingFilter counting = new CountingFilter();
        List<io.quarkube.scheduler.framework.Plugin> plugins = new ArrayList<>(List.of(
                new io.quarkube.scheduler.plugins.nodeaffinity.NodeAffinity(), counting));
        SchedulingAlgorithm algorithm = new SchedulingAlgorithm(new Framework(plugins));
        assertEquals("n04321", algorithm.schedule(pinnedTo("n04321"), nodes(5000)).nodeName());
        assertEquals(List.of("n04321"), counting.seen, "the other 4,999 nodes are never filtered");
    }

    @Test
    void aPinnedPodWhoseNodeIsFullSaysSoForItsNodeAndNamesThePluginForTheOthers() {
        Snapshot snapshot = Snapshot.of(List.of(
                Fixtures.nodeInfo(Fixtures.node("n1", "1", "1Gi", 110), Fixtures.boundPod("big", "n1", "1", "512Mi")),
                NodeInfo.of(Fixtures.node("n2", "4", "8Gi", 110)), NodeInfo.of(Fixtures.node("n3", "4", "8Gi", 110))));
        SchedulingAlgorithm.Result result = new SchedulingAlgorithm(DefaultPlugins.framework())
                .schedule(pinnedTo("n1"), snapshot);
        assertEquals("0/3 nodes are available: 1 Insufficient cpu, "
                + "2 node(s) didn't satisfy plugin(s) [NodeAffinity].", result.fitError().message());
        assertEquals("0/3 nodes are available: 3 node(s) didn't match Pod's node affinity/selector.",
                new SchedulingAlgorithm(DefaultPlugins.framework()).schedule(pinnedTo(), snapshot)
                        .fitError().message());
    }
}
