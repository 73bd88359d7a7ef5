package io.quarkube.scheduler.plugins.noderesources;

import io.fabric8.kubernetes.api.model.Pod;
import io.quarkube.scheduler.Fixtures;
import io.quarkube.scheduler.framework.CycleState;
import io.quarkube.scheduler.framework.NodeInfo;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LeastAllocatedTest {
    private final LeastAllocated plugin = new LeastAllocated();

    private long score(Pod pod, NodeInfo node) {
        CycleState state = new CycleState();
        plugin.preScore(state, pod, java.util.List.of());
        return plugin.score(state, pod, node);
    }

    @Test
    void moreFreeCpuAndMemoryScoresHigher() {
        Pod pod = Fixtures.pod("p", "1", "1Gi");
        NodeInfo empty = NodeInfo.of(Fixtures.node("n1", "4", "4Gi", 110));
        NodeInfo busy = Fixtures.nodeInfo(Fixtures.node("n2", "4", "4Gi", 110), Fixtures.boundPod("a", "n2", "2", "2Gi"));
        // empty: (3/4 + 3/4) / 2 = 75; busy: (1/4 + 1/4) / 2 = 25
        assertEquals(75, score(pod, empty));
        assertEquals(25, score(pod, busy));
    }

    @Test
    void podsWithoutRequestsStillSpread() {
        Pod pod = Fixtures.pod("p", null, null);
        NodeInfo empty = NodeInfo.of(Fixtures.node("n1", "1", "1Gi", 110));
        NodeInfo withOne = Fixtures.nodeInfo(Fixtures.node("n2", "1", "1Gi", 110), Fixtures.boundPod("a", "n2", null, null));
        assertTrue(score(pod, empty) > score(pod, withOne));
    }

    @Test
    void overcommittedNodeScoresZero() {
        assertEquals(0, score(Fixtures.pod("p", "8", "8Gi"), NodeInfo.of(Fixtures.node("n1", "1", "1Gi", 110))));
    }
}
