package io.quarkube.controllermanager.controller;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.quarkube.api.ResourceType;
import io.quarkube.api.informer.KafkaInformer;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The caches of several kinds, by type, for controllers that deal with any kind (the garbage collector, the
 * namespace controller). Objects returned are the cached instances: copy before changing them.
 */
public final class Caches {
    private final Map<ResourceType<?>, Lister<? extends HasMetadata>> listers;

    public Caches(Map<ResourceType<?>, Lister<? extends HasMetadata>> listers) {
        this.listers = new LinkedHashMap<>(listers);
    }

    /** Follows every type with the informer (call before it starts) and reads from its stores. */
    public static Caches following(KafkaInformer informer, Collection<ResourceType<? extends HasMetadata>> types) {
        Map<ResourceType<?>, Lister<? extends HasMetadata>> listers = new LinkedHashMap<>();
        for (ResourceType<? extends HasMetadata> type : types) {
            listers.put(type, Lister.of(informer.watch(type)));
        }
        return new Caches(listers);
    }

    /** The followed types, in the order given. */
    public List<ResourceType<?>> types() {
        return new ArrayList<>(listers.keySet());
    }

    public boolean follows(ResourceType<?> type) {
        return listers.containsKey(type);
    }

    @SuppressWarnings("unchecked")
    public <T extends HasMetadata> Lister<T> lister(ResourceType<T> type) {
        Lister<T> lister = (Lister<T>) listers.get(type);
        if (lister == null) {
            throw new IllegalArgumentException(type.qualifiedPlural() + " is not followed");
        }
        return lister;
    }

    /** namespace is ignored (null) for cluster-scoped kinds. */
    public Optional<HasMetadata> get(ResourceType<?> type, String namespace, String name) {
        return lister(type).get(type.namespaced() ? namespace : null, name).map(HasMetadata.class::cast);
    }

    /** Every cached object of the namespace (all of them for a cluster-scoped kind with namespace null). */
    public List<HasMetadata> list(ResourceType<?> type, String namespace) {
        return List.copyOf(lister(type).list(namespace));
    }
}
