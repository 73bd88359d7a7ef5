package io.quarkube.kubelet.node;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeCondition;
import io.fabric8.kubernetes.api.model.NodeStatus;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class NodeStatusFactoryTest {
    private final LocalNodes nodes = new LocalNodes("quarkube-node", 300);
    private final NodeStatusFactory factory = new NodeStatusFactory(nodes, "4", "8Gi", "110", "simulated", 10250);

    @Test
    void nodesAreNumberedAndGetTheirOwnPodNetwork() {
        assertEquals("quarkube-node-1", nodes.names().get(0));
        assertEquals("quarkube-node-300", nodes.names().get(299));
        assertTrue(nodes.owns("quarkube-node-7"));
        assertEquals("10.244.1.0/24", nodes.podCidr("quarkube-node-1"));
        assertEquals("10.245.44.0/24", nodes.podCidr("quarkube-node-300"));
        assertThrows(IllegalArgumentException.class, () -> new LocalNodes("x", 0));
    }

    @Test
    void newNodeHasTheWellKnownLabels() {
        Node node = factory.newNode("quarkube-node-2");

        assertEquals("quarkube-node-2", node.getMetadata().getLabels().get("kubernetes.io/hostname"));
        assertEquals("linux", node.getMetadata().getLabels().get("kubernetes.io/os"));
        assertEquals("amd64", node.getMetadata().getLabels().get("kubernetes.io/arch"));
        assertEquals("quarkube", node.getMetadata().getLabels().get("node.kubernetes.io/instance-type"));
        assertEquals("10.244.2.0/24", node.getSpec().getPodCIDR());
    }

    @Test
    void statusReportsCapacityConditionsAddressesAndTheKubeletPort() {
        NodeStatus status = factory.status("quarkube-node-1", Instant.parse("2030-01-01T00:00:00Z"), null);

        assertEquals("4", status.getCapacity().get("cpu").toString());
        assertEquals("8Gi", status.getAllocatable().get("memory").toString());
        assertEquals("110", status.getCapacity().get("pods").toString());
        assertEquals(List.of("MemoryPressure", "DiskPressure", "PIDPressure", "Ready"),
                status.getConditions().stream().map(NodeCondition::getType).toList());
        NodeCondition ready = status.getConditions().get(3);
        assertEquals("True", ready.getStatus());
        assertEquals("KubeletReady", ready.getReason());
        assertEquals("kubelet is posting ready status", ready.getMessage());
        assertEquals("InternalIP", status.getAddresses().get(0).getType());
        assertEquals("127.0.0.1", status.getAddresses().get(0).getAddress());
        assertEquals(10250, status.getDaemonEndpoints().getKubeletEndpoint().getPort());
        assertEquals("v1.32.0-quarkube", status.getNodeInfo().getKubeletVersion());
        assertEquals("quarkube-simulated://0.1.0", status.getNodeInfo().getContainerRuntimeVersion());
    }

    @Test
    void heartbeatsMoveHeartbeatTimesButKeepTransitionTimes() {
        NodeStatus first = factory.status("quarkube-node-1", Instant.parse("2030-01-01T00:00:00Z"), null);
        NodeStatus next = factory.status("quarkube-node-1", Instant.parse("2030-01-01T00:00:10Z"), first);

        NodeCondition ready = next.getConditions().get(3);
        assertEquals("2030-01-01T00:00:10Z", ready.getLastHeartbeatTime());
        assertEquals("2030-01-01T00:00:00Z", ready.getLastTransitionTime());
        assertNotEquals(first, next);
    }

    @Test
    void podIpsComeFromTheNodesNetworkAndAreReused() {
        PodIpAllocator ips = new PodIpAllocator(nodes);

        assertEquals("10.244.1.2", ips.allocate("quarkube-node-1", "a"));
        assertEquals("10.244.1.3", ips.allocate("quarkube-node-1", "b"));
        assertEquals("10.244.1.2", ips.allocate("quarkube-node-1", "a"), "same UID, same IP");
        assertEquals("10.244.2.2", ips.allocate("quarkube-node-2", "c"));
        ips.release("a");
        assertEquals("10.244.1.4", ips.allocate("quarkube-node-1", "d"), "round robin, not the just-freed one");
    }
}
