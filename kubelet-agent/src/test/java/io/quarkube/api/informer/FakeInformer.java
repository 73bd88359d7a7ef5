package io.quarkube.api.informer;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.quarkube.api.ObjectKey;
import io.quarkube.api.ResourceType;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Test stand-in for the KafkaInformer: the in-memory api-server calls {@link #apply} after each committed change,
 * which updates the Store and then tells the handlers, in commit order, as the real informer does. Lives in the
 * informer's package because Store's writers are package-private.
 */
public final class FakeInformer {
    private final Map<String, Store<?>> stores = new ConcurrentHashMap<>();
    private final Map<String, List<ResourceEventHandler<?>>> handlers = new ConcurrentHashMap<>();

    @SuppressWarnings("unchecked")
    public <T extends HasMetadata> Store<T> store(ResourceType<T> type) {
        return (Store<T>) stores.computeIfAbsent(type.plural(), p -> new Store<T>());
    }

    public <T extends HasMetadata> void addHandler(ResourceType<T> type, ResourceEventHandler<T> handler) {
        handlers.computeIfAbsent(type.plural(), p -> new CopyOnWriteArrayList<>()).add(handler);
    }

    /** One committed change: {@code object} is the new state, or the last state when {@code deleted}. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    public synchronized <T extends HasMetadata> void apply(ResourceType<T> type, T object, boolean deleted) {
        Store<T> store = store(type);
        String key = ObjectKey.of(object).toString();
        List<ResourceEventHandler<?>> hs = handlers.getOrDefault(type.plural(), List.of());
        if (deleted) {
            T removed = store.remove(key);
            if (removed != null) {
                hs.forEach(h -> ((ResourceEventHandler) h).onDelete(object));
            }
            return;
        }
        T previous = store.put(key, object);
        if (previous == null) {
            hs.forEach(h -> ((ResourceEventHandler) h).onAdd(object));
        } else {
            hs.forEach(h -> ((ResourceEventHandler) h).onUpdate(previous, object));
        }
    }
}
