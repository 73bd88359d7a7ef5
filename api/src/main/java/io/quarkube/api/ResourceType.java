package io.quarkube.api;

import io.fabric8.kubernetes.api.model.HasMetadata;

import java.util.List;

/**
 * One kind of API object: where it lives in the REST API, how discovery describes it (short names,
 * categories, subresources), which Kafka topic carries its changes, and the fabric8 model class.
 */
public record ResourceType<T extends HasMetadata>(
        String group, String version, String kind, String plural, String singular, boolean namespaced,
        Class<T> modelClass, List<String> shortNames, List<String> categories, List<String> subresources) {

    public ResourceType(String group, String version, String kind, String plural, String singular,
                        boolean namespaced, Class<T> modelClass) {
        this(group, version, kind, plural, singular, namespaced, modelClass, List.of(), List.of(), List.of());
    }

    public ResourceType<T> withShortNames(String... names) {
        return new ResourceType<>(group, version, kind, plural, singular, namespaced, modelClass, List.of(names),
                categories, subresources);
    }

    public ResourceType<T> withCategories(String... names) {
        return new ResourceType<>(group, version, kind, plural, singular, namespaced, modelClass, shortNames,
                List.of(names), subresources);
    }

    public ResourceType<T> withSubresources(String... names) {
        return new ResourceType<>(group, version, kind, plural, singular, namespaced, modelClass, shortNames,
                categories, List.of(names));
    }

    public boolean hasSubresource(String name) {
        return subresources.contains(name);
    }

    /** "v1" for the core group, "apps/v1" otherwise — the value of an object's apiVersion. */
    public String apiVersion() {
        return group.isEmpty() ? version : group + "/" + version;
    }

    /** The REST prefix of the group/version: /api/v1 or /apis/apps/v1. */
    public String groupVersionPath() {
        return group.isEmpty() ? "/api/" + version : "/apis/" + group + "/" + version;
    }

    /** The compacted Kafka topic carrying every committed change, e.g. quarkube.apps.v1.replicasets. */
    public String topic() {
        return "quarkube." + (group.isEmpty() ? "" : group + ".") + version + "." + plural;
    }

    /** Path of the collection (namespace ignored for cluster-scoped kinds; null namespace = all namespaces). */
    public String collectionPath(String namespace) {
        if (namespaced && namespace != null) {
            return groupVersionPath() + "/namespaces/" + namespace + "/" + plural;
        }
        return groupVersionPath() + "/" + plural;
    }

    public String itemPath(String namespace, String name) {
        return collectionPath(namespace) + "/" + name;
    }

    /** "pods" or "replicasets.apps", as Kubernetes names a resource in error messages. */
    public String qualifiedPlural() {
        return group.isEmpty() ? plural : plural + "." + group;
    }
}
