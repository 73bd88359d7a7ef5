package io.quarkube.api.informer;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.quarkube.api.ObjectKey;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

/**
 * The informer's cache of one resource, keyed by namespace/name. Objects handed out are the cached instances:
 * readers must not mutate them (copy with Json.copy before changing).
 */
public final class Store<T extends HasMetadata> {
    private final Map<String, T> objects = new ConcurrentHashMap<>();

    public Optional<T> get(String namespace, String name) {
        return Optional.ofNullable(objects.get(new ObjectKey(namespace, name).toString()));
    }

    public Optional<T> get(String key) {
        return Optional.ofNullable(objects.get(key));
    }

    public Collection<T> list() {
        return objects.values();
    }

    public List<T> list(Predicate<T> filter) {
        return objects.values().stream().filter(filter).toList();
    }

    public int size() {
        return objects.size();
    }

    T put(String key, T object) {
        return objects.put(key, object);
    }

    T remove(String key) {
        return objects.remove(key);
    }
}
