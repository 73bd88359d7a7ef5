package io.quarkube.kubelet;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;

import java.util.UUID;

/** Pods as the api-server hands them to the kubelet: bound to a node, with a UID. */
public final class TestPods {
    /** The shared examples' static-pod.yaml, as a manifest in a static pod directory. */
    public static final String STATIC_WEB = """
            apiVersion: v1
            kind: Pod
            metadata:
              name: static-web
            spec:
              containers:
                - name: web
                  image: busybox:1.28
                  command: ["sh", "-c", "while true; do sleep 3600; done"]
            """;

    private TestPods() {
    }

    public static PodBuilder pod(String name, String restartPolicy, Container... containers) {
        return new PodBuilder()
                .withNewMetadata().withNamespace("default").withName(name).withUid(UUID.randomUUID().toString())
                .withResourceVersion("1").endMetadata()
                .withNewSpec().withNodeName("node-1").withRestartPolicy(restartPolicy).withContainers(containers)
                .endSpec()
                .withNewStatus().withPhase("Pending").endStatus();
    }

    public static Container shell(String name, String script) {
        return new ContainerBuilder().withName(name).withImage("busybox").withCommand("sh", "-c", script).build();
    }

    public static Container image(String name) {
        return new ContainerBuilder().withName(name).withImage("nginx:1.27").build();
    }

    public static Pod withDeletion(Pod pod, long graceSeconds) {
        return new PodBuilder(pod).editMetadata().withDeletionTimestamp("2030-01-01T00:00:00Z")
                .withDeletionGracePeriodSeconds(graceSeconds).endMetadata().build();
    }
}
