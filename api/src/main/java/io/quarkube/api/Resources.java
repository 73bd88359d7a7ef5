package io.quarkube.api;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;

import java.util.List;
import java.util.Optional;

/** The resource registry: every kind quarkube serves. Adding a kind here gives it a topic and REST paths. */
public final class Resources {
    public static final ResourceType<Namespace> NAMESPACES =
            new ResourceType<>("", "v1", "Namespace", "namespaces", "namespace", false, Namespace.class);
    public static final ResourceType<Node> NODES =
            new ResourceType<>("", "v1", "Node", "nodes", "node", false, Node.class);
    public static final ResourceType<Pod> PODS =
            new ResourceType<>("", "v1", "Pod", "pods", "pod", true, Pod.class);
    public static final ResourceType<ReplicaSet> REPLICASETS =
            new ResourceType<>("apps", "v1", "ReplicaSet", "replicasets", "replicaset", true, ReplicaSet.class);

    public static final List<ResourceType<? extends HasMetadata>> ALL =
            List.of(NAMESPACES, NODES, PODS, REPLICASETS);

    private Resources() {
    }

    public static Optional<ResourceType<? extends HasMetadata>> find(String group, String version, String plural) {
        return ALL.stream()
                .filter(t -> t.group().equals(group) && t.version().equals(version) && t.plural().equals(plural))
                .findFirst();
    }

    public static List<String> topics() {
        return ALL.stream().map(ResourceType::topic).toList();
    }
}
