package io.quarkube.controllermanager.gc;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.quarkube.api.ResourceType;
import io.quarkube.api.Resources;

import java.util.Optional;

/**
 * One object of any kind, by name. Its string form {@code <plural>[.<group>]/<namespace>/<name>} (namespace empty
 * for cluster-scoped kinds, e.g. {@code replicasets.apps/default/web}, {@code nodes//n1}) is the garbage
 * collector's work-queue key: the sync reads the object's current state from the caches.
 */
public record ObjectRef(ResourceType<?> type, String namespace, String name) {

    public ObjectRef {
        namespace = type.namespaced() && namespace != null && !namespace.isEmpty() ? namespace : null;
    }

    public static ObjectRef of(ResourceType<?> type, HasMetadata object) {
        return new ObjectRef(type, object.getMetadata().getNamespace(), object.getMetadata().getName());
    }

    /** Empty for a key naming a kind quarkube does not serve. */
    public static Optional<ObjectRef> parse(String key) {
        String[] parts = key.split("/", 3);
        if (parts.length != 3) {
            return Optional.empty();
        }
        return Resources.ALL.stream().filter(t -> t.qualifiedPlural().equals(parts[0])).findFirst()
                .map(type -> new ObjectRef(type, parts[1], parts[2]));
    }

    @Override
    public String toString() {
        return type.qualifiedPlural() + "/" + (namespace == null ? "" : namespace) + "/" + name;
    }
}
