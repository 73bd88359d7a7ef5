package io.quarkube.controllermanager.controller;

import io.fabric8.kubernetes.api.model.DeleteOptions;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.quarkube.api.ResourceType;
import io.quarkube.api.client.ApiException;
import io.quarkube.api.json.Json;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Records writes instead of sending them, and answers live reads from {@link #live} (what the api-server holds;
 * tests fill it, writes do not change it). Calls are recorded in order as short lines, e.g.
 * {@code delete replicasets.apps/default/web Background uid-web}.
 */
public final class FakeObjectControl implements ObjectControl {
    public final List<String> calls = Collections.synchronizedList(new ArrayList<>());
    public final List<HasMetadata> updated = Collections.synchronizedList(new ArrayList<>());
    public final List<Namespace> finalized = Collections.synchronizedList(new ArrayList<>());
    /** Live reads, by key. */
    public final List<String> reads = Collections.synchronizedList(new ArrayList<>());
    /** Thrown by every delete when set. */
    public volatile RuntimeException deleteError;
    /** Keys (see {@link #key}) whose update answers 409 Conflict. */
    public final Set<String> conflicts = Collections.synchronizedSet(new HashSet<>());
    private final Map<String, HasMetadata> live = Collections.synchronizedMap(new LinkedHashMap<>());

    public static String key(ResourceType<?> type, String namespace, String name) {
        return type.qualifiedPlural() + "/" + (type.namespaced() && namespace != null ? namespace : "") + "/" + name;
    }

    public void putLive(ResourceType<?> type, HasMetadata object) {
        live.put(key(type, object.getMetadata().getNamespace(), object.getMetadata().getName()), object);
    }

    public void removeLive(ResourceType<?> type, HasMetadata object) {
        live.remove(key(type, object.getMetadata().getNamespace(), object.getMetadata().getName()));
    }

    @Override
    public Optional<HasMetadata> get(ResourceType<?> type, String namespace, String name) {
        reads.add(key(type, namespace, name));
        return Optional.ofNullable(live.get(key(type, namespace, name)));
    }

    @Override
    public List<HasMetadata> list(ResourceType<?> type, String namespace) {
        String prefix = key(type, namespace, "");
        synchronized (live) {
            return live.entrySet().stream().filter(e -> e.getKey().startsWith(prefix)).map(Map.Entry::getValue)
                    .toList();
        }
    }

    @Override
    public HasMetadata update(ResourceType<?> type, HasMetadata object) {
        String key = key(type, object.getMetadata().getNamespace(), object.getMetadata().getName());
        if (conflicts.contains(key)) {
            throw new ApiException(409, null, "the object has been modified");
        }
        calls.add("update " + key);
        updated.add(Json.MAPPER.convertValue(object, object.getClass()));
        return object;
    }

    @Override
    public void delete(ResourceType<?> type, String namespace, String name, DeleteOptions options) {
        if (deleteError != null) {
            throw deleteError;
        }
        String uid = options.getPreconditions() == null ? null : options.getPreconditions().getUid();
        calls.add("delete " + key(type, namespace, name) + " " + options.getPropagationPolicy() + " "
                + Objects.requireNonNullElse(uid, "any-uid"));
    }

    @Override
    public Namespace finalizeNamespace(Namespace namespace) {
        calls.add("finalize " + namespace.getMetadata().getName());
        finalized.add(Json.copy(namespace, Namespace.class));
        return namespace;
    }
}
