package io.quarkube.scheduler;

import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.quarkube.scheduler.framework.NodeInfo;
import io.quarkube.scheduler.framework.PodInfo;

import java.util.HashMap;
import java.util.Map;

/** Builders for the pods and nodes the tests need. */
public final class Fixtures {
    private Fixtures() {
    }

    /** A pending pod with one container requesting cpu/memory (null = no request). */
    public static Pod pod(String name, String cpu, String memory) {
        Map<String, Quantity> requests = new HashMap<>();
        if (cpu != null) {
            requests.put("cpu", new Quantity(cpu));
        }
        if (memory != null) {
            requests.put("memory", new Quantity(memory));
        }
        return new PodBuilder()
                .withNewMetadata().withNamespace("default").withName(name).withUid("uid-" + name)
                .withResourceVersion("1").endMetadata()
                .withNewSpec().addToContainers(new ContainerBuilder().withName("c").withImage("busybox")
                        .withNewResources().withRequests(requests).endResources().build()).endSpec()
                .withNewStatus().withPhase("Pending").endStatus()
                .build();
    }

    public static Pod boundPod(String name, String node, String cpu, String memory) {
        Pod pod = pod(name, cpu, memory);
        pod.getSpec().setNodeName(node);
        return pod;
    }

    /** A Ready node with the given allocatable cpu, memory and pod count. */
    public static Node node(String name, String cpu, String memory, int pods) {
        Map<String, Quantity> allocatable = Map.of("cpu", new Quantity(cpu), "memory", new Quantity(memory),
                "pods", new Quantity(String.valueOf(pods)));
        return new NodeBuilder()
                .withNewMetadata().withName(name).withResourceVersion("1").addToLabels("kubernetes.io/hostname", name)
                .endMetadata()
                .withNewSpec().endSpec()
                .withNewStatus().withAllocatable(allocatable).withCapacity(allocatable)
                .addNewCondition().withType("Ready").withStatus("True").endCondition()
                .endStatus()
                .build();
    }

    /** A NodeInfo with these pods already on it. */
    public static NodeInfo nodeInfo(Node node, Pod... pods) {
        NodeInfo info = NodeInfo.of(node);
        for (Pod pod : pods) {
            info = info.withPodAdded(PodInfo.of(pod));
        }
        return info;
    }
}
