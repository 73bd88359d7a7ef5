package io.quarkube.api;

import io.fabric8.kubernetes.api.model.HasMetadata;

/** namespace/name (or just name for cluster-scoped objects): the Kafka record key and the cache key. */
public record ObjectKey(String namespace, String name) {

    public static ObjectKey of(HasMetadata object) {
        return new ObjectKey(object.getMetadata().getNamespace(), object.getMetadata().getName());
    }

    public static ObjectKey parse(String key) {
        int slash = key.indexOf('/');
        return slash < 0 ? new ObjectKey(null, key) : new ObjectKey(key.substring(0, slash), key.substring(slash + 1));
    }

    @Override
    public String toString() {
        return namespace == null || namespace.isEmpty() ? name : namespace + "/" + name;
    }
}
