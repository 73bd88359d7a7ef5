package io.quarkube.scheduler.plugins.noderesources;

import io.fabric8.kubernetes.api.model.Pod;
import io.quarkube.scheduler.Fixtures;
import io.quarkube.scheduler.ScoreRuns;
import io.quarkube.scheduler.framework.CycleState;
import io.quarkube.scheduler.framework.NodeInfo;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BalancedAllocationTest {
    private final BalancedAllocation plugin = new BalancedAllocation();

    @Test
    void prefersTheNodeWhereCpuAndMemoryEndUpEquallyUsed() {
        Pod pod = Fixtures.pod("p", "1", "1Gi");
        // cpu-heavy node: cpu 3/4, memory 1/4 → 100 × (1 − 0.25) = 75
        NodeInfo cpuHeavy = Fixtures.nodeInfo(Fixtures.node("n1", "4", "4Gi", 110),
                Fixtures.boundPod("a", "n1", "2", "0"));
        // even node: cpu 2/4, memory 2/4 → 100
        NodeInfo even = Fixtures.nodeInfo(Fixtures.node("n2", "4", "4Gi", 110),
                Fixtures.boundPod("b", "n2", "1", "1Gi"));
        assertArrayEquals(new long[] {75, 100}, ScoreRuns.scores(plugin, pod, List.of(cpuHeavy, even)));
    }

    @Test
    void fractionsAreCappedAtOne() {
        // cpu 8/4 → 1, memory 1/4 → (1 − 0.375) × 100 = 62
        NodeInfo node = NodeInfo.of(Fixtures.node("n1", "4", "4Gi", 110));
        assertArrayEquals(new long[] {62}, ScoreRuns.scores(plugin, Fixtures.pod("p", "8", "1Gi"), List.of(node)));
    }

    @Test
    void bestEffortPodsAreNotScored() {
        assertTrue(plugin.preScore(new CycleState(), Fixtures.pod("p", null, null), List.of()).isSkip());
    }
}
