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
    /** The same objects by namespace ("" for cluster-scoped ones): controllers list one namespace per sync. */
    private final Map<String, Map<String, T>> byNamespace = new ConcurrentHashMap<>();

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

    /** Every object of one namespace (null: the cluster-scoped ones), without looking at the others. */
    public List<T> listNamespace(String namespace) {
        Map<String, T> inNamespace = byNamespace.get(namespace == null ? "" : namespace);
        return inNamespace == null ? List.of() : List.copyOf(inNamespace.values());
    }

    public int size() {
        return objects.size();
    }

    /** Writes come from the informer's thread only. */
    T put(String key, T object) {
        byNamespace.computeIfAbsent(namespaceOf(object), ns -> new ConcurrentHashMap<>()).put(key, object);
        return objects.put(key, object);
    }

    T remove(String key) {
        T removed = objects.remove(key);
        if (removed != null) {
            Map<String, T> inNamespace = byNamespace.get(namespaceOf(removed));
            if (inNamespace != null) {
                inNamespace.remove(key);
            }
        }
        return removed;
    }

    private static String namespaceOf(HasMetadata object) {
        String namespace = object.getMetadata().getNamespace();
        return namespace == null ? "" : namespace;
    }
}
