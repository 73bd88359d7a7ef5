package io.quarkube.scheduler.plugins.nodename;

import io.fabric8.kubernetes.api.model.Pod;
import io.quarkube.scheduler.Fixtures;
import io.quarkube.scheduler.framework.CycleState;
import io.quarkube.scheduler.framework.NodeInfo;
import io.quarkube.scheduler.framework.Status;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class NodeNameTest {
    private final NodeName plugin = new NodeName();

    @Test
    void aPodNamingANodeFitsOnlyThatNode() {
        Pod pod = Fixtures.pod("p", "1", "1Gi");
        pod.getSpec().setNodeName("n2");
        assertTrue(plugin.filter(new CycleState(), pod, NodeInfo.of(Fixtures.node("n2", "4", "4Gi", 110))).isSuccess());
        Status other = plugin.filter(new CycleState(), pod, NodeInfo.of(Fixtures.node("n1", "4", "4Gi", 110)));
        assertEquals(Status.Code.UNSCHEDULABLE_AND_UNRESOLVABLE, other.code());
        assertEquals(List.of("node(s) didn't match the requested node name"), other.reasons());
    }

    @Test
    void aPodNamingNoNodeFitsEveryNode() {
        assertTrue(plugin.filter(new CycleState(), Fixtures.pod("p", "1", "1Gi"),
                NodeInfo.of(Fixtures.node("n1", "4", "4Gi", 110))).isSuccess());
    }
}
