package io.quarkube.kubelet.prober;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.quarkube.kubelet.node.LocalNodes;
import io.quarkube.kubelet.runtime.ContainerHandle;
import io.quarkube.kubelet.runtime.PodSandbox;

/** One run of one container: what probes and lifecycle hooks act on. */
public record ContainerTarget(Pod pod, PodSandbox sandbox, ContainerHandle handle, Container container) {

    public String uid() {
        return sandbox.uid();
    }

    public String containerId() {
        return handle.id();
    }

    public String name() {
        return container.getName();
    }

    /** How events name the container, as the kubelet does. */
    public String fieldPath() {
        return "spec.containers{" + container.getName() + "}";
    }

    /**
     * Where httpGet and tcpSocket actions connect: the action's host if it names one, else the pod IP (for a
     * hostNetwork pod the node's IP, which is what such a pod's IP is in Kubernetes).
     */
    public String address(String host) {
        if (host != null && !host.isBlank()) {
            return host;
        }
        if (pod.getSpec() != null && Boolean.TRUE.equals(pod.getSpec().getHostNetwork())) {
            return LocalNodes.HOST_IP;
        }
        return sandbox.podIP();
    }

    /** "name_namespace(uid)", as the kubelet's format.Pod. */
    public String podDescription() {
        return sandbox.name() + "_" + sandbox.namespace() + "(" + sandbox.uid() + ")";
    }
}
