package io.quarkube.controllermanager.nodelifecycle;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.NodeCondition;
import io.fabric8.kubernetes.api.model.NodeConditionBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Toleration;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.api.model.coordination.v1.LeaseBuilder;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/** Nodes, Leases and pods as the informer holds them for the node lifecycle tests. */
final class NodeFixtures {
    /** What the api-server adds to every pod (DefaultTolerationSeconds). */
    static final List<Toleration> DEFAULT_TOLERATIONS = List.of(
            new Toleration("NoExecute", "node.kubernetes.io/not-ready", "Exists", 300L, null),
            new Toleration("NoExecute", "node.kubernetes.io/unreachable", "Exists", 300L, null));

    private NodeFixtures() {
    }

    /** A node whose four kubelet conditions have this Ready status (the others False), heartbeat at {@code heartbeat}. */
    static Node node(String name, String ready, String heartbeat) {
        List<NodeCondition> conditions = new ArrayList<>();
        for (String type : List.of("MemoryPressure", "DiskPressure", "PIDPressure")) {
            conditions.add(condition(type, "False", heartbeat));
        }
        conditions.add(condition("Ready", ready, heartbeat));
        return new NodeBuilder().withNewMetadata().withName(name).withUid("uid-" + name).withResourceVersion("10")
                .withCreationTimestamp("2024-12-31T23:00:00Z").endMetadata()
                .withNewSpec().endSpec()
                .withNewStatus().withConditions(conditions).endStatus().build();
    }

    static NodeCondition condition(String type, String status, String heartbeat) {
        return new NodeConditionBuilder().withType(type).withStatus(status).withReason("Kubelet" + type)
                .withLastHeartbeatTime(heartbeat).withLastTransitionTime("2024-12-31T23:00:00Z").build();
    }

    static Lease lease(String node, Instant renewed) {
        return new LeaseBuilder().withNewMetadata().withNamespace("kube-node-lease").withName(node).endMetadata()
                .withNewSpec().withHolderIdentity(node).withLeaseDurationSeconds(40)
                .withRenewTime(renewed.atZone(ZoneOffset.UTC)).endSpec().build();
    }

    /** A running, ready pod bound to the node, with the api-server's default tolerations. */
    static Pod pod(String name, String node) {
        return new PodBuilder().withNewMetadata().withNamespace("default").withName(name).withUid("uid-" + name)
                .withResourceVersion("5").withCreationTimestamp("2025-01-01T00:00:00Z").endMetadata()
                .withNewSpec().withNodeName(node).addNewContainer().withName("c").withImage("nginx").endContainer()
                .withTolerations(DEFAULT_TOLERATIONS).endSpec()
                .withNewStatus().withPhase("Running").addNewCondition().withType("Ready").withStatus("True")
                .endCondition().endStatus().build();
    }

    static Pod withTolerations(Pod pod, Toleration... tolerations) {
        pod.getSpec().setTolerations(new ArrayList<>(List.of(tolerations)));
        return pod;
    }
}
