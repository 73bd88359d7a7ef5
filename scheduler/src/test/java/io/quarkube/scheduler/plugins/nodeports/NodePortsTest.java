package io.quarkube.scheduler.plugins.nodeports;

import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.Pod;
import io.quarkube.scheduler.Fixtures;
import io.quarkube.scheduler.framework.CycleState;
import io.quarkube.scheduler.framework.NodeInfo;
import io.quarkube.scheduler.framework.Status;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class NodePortsTest {
    private final NodePorts plugin = new NodePorts();

    private static Pod withPort(Pod pod, String hostIp, String protocol, int hostPort) {
        ContainerPort port = new ContainerPort(80, hostIp, hostPort, null, protocol);
        pod.getSpec().getContainers().get(0).setPorts(List.of(port));
        return pod;
    }

    private static Pod wanting(String hostIp, String protocol, int hostPort) {
        return withPort(Fixtures.pod("new", "100m", "64Mi"), hostIp, protocol, hostPort);
    }

    private static NodeInfo nodeUsing(String hostIp, String protocol, int hostPort) {
        Pod existing = withPort(Fixtures.boundPod("old", "n1", "100m", "64Mi"), hostIp, protocol, hostPort);
        return Fixtures.nodeInfo(Fixtures.node("n1", "4", "4Gi", 110), existing);
    }

    private Status filter(Pod pod, NodeInfo node) {
        CycleState state = new CycleState();
        Status pre = plugin.preFilter(state, pod);
        return pre.isSkip() ? Status.success() : plugin.filter(state, pod, node);
    }

    @Test
    void aTakenHostPortRejectsTheNode() {
        Status status = filter(wanting(null, null, 8080), nodeUsing(null, "TCP", 8080));
        assertEquals(Status.Code.UNSCHEDULABLE, status.code());
        assertEquals(List.of("node(s) didn't have free ports for the requested pod ports"), status.reasons());
    }

    @Test
    void otherPortProtocolOrAddressDoesNotConflict() {
        assertTrue(filter(wanting(null, null, 8081), nodeUsing(null, null, 8080)).isSuccess());
        assertTrue(filter(wanting(null, "UDP", 8080), nodeUsing(null, "TCP", 8080)).isSuccess());
        assertTrue(filter(wanting("10.0.0.1", null, 8080), nodeUsing("10.0.0.2", null, 8080)).isSuccess());
    }

    @Test
    void theWildcardAddressConflictsWithEveryAddress() {
        assertFalse(filter(wanting("10.0.0.1", null, 8080), nodeUsing("0.0.0.0", null, 8080)).isSuccess());
        assertFalse(filter(wanting(null, null, 8080), nodeUsing("10.0.0.2", null, 8080)).isSuccess());
        assertFalse(filter(wanting("10.0.0.2", null, 8080), nodeUsing("10.0.0.2", null, 8080)).isSuccess());
    }

    @Test
    void sidecarHostPortsCountButPlainInitContainersDoNot() {
        Pod pod = Fixtures.pod("new", "100m", "64Mi");
        pod.getSpec().setInitContainers(List.of(
                new ContainerBuilder().withName("init").addNewPort().withContainerPort(1).withHostPort(9000).endPort()
                        .build(),
                new ContainerBuilder().withName("side").withRestartPolicy("Always")
                        .addNewPort().withContainerPort(2).withHostPort(9001).endPort().build()));
        assertTrue(filter(pod, nodeUsing(null, null, 9000)).isSuccess());
        assertFalse(filter(pod, nodeUsing(null, null, 9001)).isSuccess());
    }

    @Test
    void podsWithoutHostPortsSkipTheFilter() {
        assertTrue(plugin.preFilter(new CycleState(), Fixtures.pod("p", "1", "1Gi")).isSkip());
    }
}
