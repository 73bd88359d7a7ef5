package io.quarkube.scheduler.plugins.noderesources;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.quarkube.scheduler.Fixtures;
import io.quarkube.scheduler.framework.CycleState;
import io.quarkube.scheduler.framework.NodeInfo;
import io.quarkube.scheduler.framework.Status;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class NodeResourcesFitTest {
    private final NodeResourcesFit plugin = new NodeResourcesFit();

    private Status filter(Pod pod, NodeInfo node) {
        CycleState state = new CycleState();
        assertTrue(plugin.preFilter(state, pod).isSuccess());
        return plugin.filter(state, pod, node);
    }

    @Test
    void fitsIntoWhatIsLeft() {
        NodeInfo node = Fixtures.nodeInfo(Fixtures.node("n1", "2", "4Gi", 110),
                Fixtures.boundPod("a", "n1", "1", "2Gi"));
        assertTrue(filter(Fixtures.pod("p", "1", "2Gi"), node).isSuccess());
    }

    @Test
    void countsThePodsAlreadyOnTheNode() {
        NodeInfo node = Fixtures.nodeInfo(Fixtures.node("n1", "2", "4Gi", 110),
                Fixtures.boundPod("a", "n1", "1500m", "1Gi"));
        Status status = filter(Fixtures.pod("p", "1", "1Gi"), node);
        assertEquals(Status.Code.UNSCHEDULABLE, status.code());
        assertEquals(List.of(NodeResourcesFit.REASON_CPU), status.reasons());
    }

    @Test
    void reportsEveryMissingResource() {
        NodeInfo node = Fixtures.nodeInfo(Fixtures.node("n1", "1", "1Gi", 1), Fixtures.boundPod("a", "n1", "0", "0"));
        Status status = filter(Fixtures.pod("p", "2", "2Gi"), node);
        assertEquals(List.of(NodeResourcesFit.REASON_TOO_MANY_PODS, NodeResourcesFit.REASON_CPU,
                NodeResourcesFit.REASON_MEMORY), status.reasons());
    }

    @Test
    void podWithoutRequestsOnlyNeedsAPodSlot() {
        NodeInfo full = Fixtures.nodeInfo(Fixtures.node("n1", "1", "1Gi", 110),
                Fixtures.boundPod("a", "n1", "1", "1Gi"));
        assertTrue(filter(Fixtures.pod("p", null, null), full).isSuccess());
    }

    @Test
    void initContainersCountAsTheirMaximum() {
        Pod pod = Fixtures.pod("p", "500m", "100Mi");
        pod.getSpec().getInitContainers().add(Fixtures.pod("i", "3", "10Mi").getSpec().getContainers().get(0));
        NodeInfo node = NodeInfo.of(Fixtures.node("n1", "2", "4Gi", 110));
        assertEquals(List.of(NodeResourcesFit.REASON_CPU), filter(pod, node).reasons());
    }

    @Test
    void ephemeralStorageMustFitToo() {
        Node node = Fixtures.node("n1", "4", "4Gi", 110);
        node.getStatus().setAllocatable(new java.util.HashMap<>(node.getStatus().getAllocatable()));
        node.getStatus().getAllocatable().put("ephemeral-storage", new Quantity("10Gi"));
        Pod existing = Fixtures.boundPod("a", "n1", "100m", "64Mi");
        existing.getSpec().getContainers().get(0).getResources().getRequests().put("ephemeral-storage", new Quantity("6Gi"));
        Pod pod = Fixtures.pod("p", "100m", "64Mi");
        pod.getSpec().getContainers().get(0).getResources().getRequests().put("ephemeral-storage", new Quantity("5Gi"));
        NodeInfo info = Fixtures.nodeInfo(node, existing);
        assertEquals(List.of("Insufficient ephemeral-storage"), filter(pod, info).reasons());
        pod.getSpec().getContainers().get(0).getResources().getRequests().put("ephemeral-storage", new Quantity("4Gi"));
        assertTrue(filter(pod, info).isSuccess());
    }
}
