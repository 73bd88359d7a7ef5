package io.quarkube.scheduler.plugins.nodeready;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Toleration;
import io.quarkube.scheduler.Fixtures;
import io.quarkube.scheduler.framework.CycleState;
import io.quarkube.scheduler.framework.NodeInfo;
import io.quarkube.scheduler.framework.Status;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class NodeReadyTest {
    private final NodeReady plugin = new NodeReady();

    private Status filter(Pod pod, Node node) {
        return plugin.filter(new CycleState(), pod, NodeInfo.of(node));
    }

    @Test
    void readyNodePasses() {
        assertTrue(filter(Fixtures.pod("p", "1", "1Gi"), Fixtures.node("n1", "4", "8Gi", 110)).isSuccess());
    }

    @Test
    void notReadyNodeIsRejected() {
        Node node = Fixtures.node("n1", "4", "8Gi", 110);
        node.getStatus().getConditions().get(0).setStatus("Unknown");
        Status status = filter(Fixtures.pod("p", "1", "1Gi"), node);
        assertEquals(Status.Code.UNSCHEDULABLE, status.code());
        assertEquals(List.of(NodeReady.REASON_NOT_READY), status.reasons());
    }

    @Test
    void nodeWithoutConditionsIsNotReady() {
        Node node = Fixtures.node("n1", "4", "8Gi", 110);
        node.getStatus().setConditions(null);
        assertEquals(List.of(NodeReady.REASON_NOT_READY), filter(Fixtures.pod("p", "1", "1Gi"), node).reasons());
    }

    @Test
    void cordonedNodeIsRejectedUnlessTolerated() {
        Node node = Fixtures.node("n1", "4", "8Gi", 110);
        node.getSpec().setUnschedulable(true);
        Pod pod = Fixtures.pod("p", "1", "1Gi");
        assertEquals(List.of(NodeReady.REASON_UNSCHEDULABLE), filter(pod, node).reasons());

        pod.getSpec().setTolerations(List.of(
                new Toleration("NoSchedule", "node.kubernetes.io/unschedulable", "Exists", null, null)));
        assertTrue(filter(pod, node).isSuccess());
    }
}
