package io.quarkube.apiserver.discovery;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.quarkube.api.ResourceType;

import java.util.List;

/**
 * What discovery and OpenAPI say about one subresource: the kind its requests and responses carry (which may
 * live in another group, like autoscaling/v1 Scale) and its verbs (K8S-API-CONTRACT.md §1).
 */
public record Subresource(String name, String group, String version, String kind, List<String> verbs) {
    private static final List<String> READ_WRITE = List.of("get", "patch", "update");

    public static Subresource of(ResourceType<? extends HasMetadata> parent, String name) {
        return switch (name) {
            case "status" -> new Subresource(name, parent.group(), parent.version(), parent.kind(), READ_WRITE);
            case "scale" -> new Subresource(name, "autoscaling", "v1", "Scale", READ_WRITE);
            case "binding" -> new Subresource(name, "", "v1", "Binding", List.of("create"));
            case "eviction" -> new Subresource(name, "policy", "v1", "Eviction", List.of("create"));
            case "finalize" -> new Subresource(name, parent.group(), parent.version(), parent.kind(),
                    List.of("update"));
            // log, and any read-only view a kind may add: GET only, answered in the parent's kind.
            default -> new Subresource(name, parent.group(), parent.version(), parent.kind(), List.of("get"));
        };
    }

    /** True when the kind lives in another group/version than the parent, which discovery must then name. */
    public boolean foreignTo(ResourceType<? extends HasMetadata> parent) {
        return !group.equals(parent.group()) || !version.equals(parent.version());
    }

    public String apiVersion() {
        return group.isEmpty() ? version : group + "/" + version;
    }
}
