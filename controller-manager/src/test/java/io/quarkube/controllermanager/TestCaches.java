package io.quarkube.controllermanager;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.quarkube.api.ResourceType;
import io.quarkube.api.Resources;
import io.quarkube.controllermanager.controller.Caches;
import io.quarkube.controllermanager.controller.Lister;

import java.util.LinkedHashMap;
import java.util.Map;

/** A {@link MapLister} for every kind of the registry, behind one {@link Caches}. */
public final class TestCaches {
    private final Map<ResourceType<?>, MapLister<?>> listers = new LinkedHashMap<>();
    public final Caches caches;

    public TestCaches() {
        Map<ResourceType<?>, Lister<? extends HasMetadata>> view = new LinkedHashMap<>();
        for (ResourceType<?> type : Resources.ALL) {
            MapLister<?> lister = new MapLister<>();
            listers.put(type, lister);
            view.put(type, lister);
        }
        caches = new Caches(view);
    }

    @SuppressWarnings("unchecked")
    public <T extends HasMetadata> MapLister<T> lister(ResourceType<T> type) {
        return (MapLister<T>) listers.get(type);
    }
}
