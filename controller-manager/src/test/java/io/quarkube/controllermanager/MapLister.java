package io.quarkube.controllermanager;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.quarkube.api.ObjectKey;
import io.quarkube.controllermanager.controller.Lister;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** An in-memory cache that tests fill directly, in place of an informer's store. */
public final class MapLister<T extends HasMetadata> implements Lister<T> {
    private final Map<ObjectKey, T> objects = new ConcurrentHashMap<>();

    @SafeVarargs
    public final MapLister<T> put(T... items) {
        for (T item : items) {
            objects.put(ObjectKey.of(item), item);
        }
        return this;
    }

    public void remove(T item) {
        objects.remove(ObjectKey.of(item));
    }

    @Override
    public Optional<T> get(String namespace, String name) {
        return Optional.ofNullable(objects.get(new ObjectKey(namespace, name)));
    }

    @Override
    public List<T> list(String namespace) {
        return objects.values().stream().filter(o -> Objects.equals(namespace, o.getMetadata().getNamespace()))
                .sorted((a, b) -> a.getMetadata().getName().compareTo(b.getMetadata().getName())).toList();
    }
}
