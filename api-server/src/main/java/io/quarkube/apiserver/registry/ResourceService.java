package io.quarkube.apiserver.registry;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.DeleteOptions;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.quarkube.api.ResourceType;
import io.quarkube.api.json.Json;
import io.quarkube.api.Resources;
import io.quarkube.apiserver.errors.StatusException;
import io.quarkube.apiserver.patch.PatchedObjects;
import io.quarkube.apiserver.selection.FieldSelector;
import io.quarkube.apiserver.selection.LabelSelector;
import io.quarkube.apiserver.storage.ObjectStore;
import io.quarkube.apiserver.validation.FieldErrors;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * The generic write path of every kind (Kubernetes' generic registry store): metadata rules, the kind's
 * strategy (defaults, validation, spec/status split), then one transaction in the {@link ObjectStore}.
 */
@ApplicationScoped
public class ResourceService {
    private final ObjectStore store;
    private final Map<ResourceType<?>, Strategy<?>> strategies = new HashMap<>();

    public ResourceService(ObjectStore store, Instance<Strategy<?>> all) {
        this.store = store;
        all.forEach(s -> strategies.put(s.type(), s));
        for (ResourceType<?> type : Resources.ALL) {
            if (!strategies.containsKey(type)) {
                throw new IllegalStateException("no Strategy for " + type.plural());
            }
        }
    }

    public <T extends HasMetadata> T create(ResourceType<T> type, String namespace, T object) {
        prepareCreate(type, namespace, object);
        return store.create(type, object);
    }

    /** Everything a create checks and fills in, short of storing (shared with dry runs and apply). */
    private <T extends HasMetadata> void prepareCreate(ResourceType<T> type, String namespace, T object) {
        Strategy<T> strategy = strategy(type);
        FieldErrors errors = new FieldErrors();
        ObjectMetaRules.prepareForCreate(type, object, namespace, strategy.nameIsLabel(), errors);
        strategy.prepareForCreate(object);
        if (!strategy.tracksGeneration()) {
            object.getMetadata().setGeneration(null);
        }
        strategy.validate(object, errors);
        errors.throwIfAny(type, object.getMetadata().getName());
        if (type.namespaced()) {
            Namespace ns = store.get(Resources.NAMESPACES, null, namespace)
                    .orElseThrow(() -> StatusException.notFound(Resources.NAMESPACES, namespace));
            if (ns.getMetadata().getDeletionTimestamp() != null) {
                throw StatusException.namespaceTerminating(type, object.getMetadata().getName(), namespace);
            }
        }
    }

    public <T extends HasMetadata> T get(ResourceType<T> type, String namespace, String name) {
        return store.get(type, namespace, name).orElseThrow(() -> StatusException.notFound(type, name));
    }

    public <T extends HasMetadata> ObjectStore.Listing<T> list(ResourceType<T> type, String namespace,
                                                                String labelSelector, String fieldSelector) {
        LabelSelector labels = LabelSelector.parse(labelSelector);
        FieldSelector fields = FieldSelector.parse(fieldSelector, type.kind());
        ObjectStore.Listing<T> all = store.list(type, namespace);
        List<T> items = all.items().stream()
                .filter(o -> labels.matches(o.getMetadata().getLabels()) && fields.matches(o))
                .toList();
        return new ObjectStore.Listing<>(items, all.resourceVersion());
    }

    /** PUT of the main resource: the stored status is kept; generation follows spec changes. */
    public <T extends HasMetadata> T update(ResourceType<T> type, String namespace, String name, T body) {
        requireNameMatches(body, name);
        // the store may run the change again after a concurrent write: each run starts from the body as sent
        byte[] sent = Json.write(body);
        boolean[] first = {true};
        return store.update(type, namespace, name, current -> {
            T attempt = first[0] ? body : Json.read(sent, type.modelClass());
            first[0] = false;
            requireSameNamespace(attempt, current);
            return prepareUpdate(type, name, attempt, current);
        });
    }

    /** PUT of the status subresource: only .status changes (and never metadata.generation). */
    public <T extends HasMetadata> T updateStatus(ResourceType<T> type, String namespace, String name, T body) {
        requireNameMatches(body, name);
        return store.update(type, namespace, name, current -> prepareStatusUpdate(type, name, body, current));
    }

    /**
     * PATCH of the main resource or of its status: inside the same row-locked update as PUT, the current object
     * becomes a tree, {@code patch} computes the new tree, and the result goes through exactly the PUT rules.
     * A dry run computes and checks the result without storing it.
     */
    public <T extends HasMetadata> T patch(ResourceType<T> type, String namespace, String name,
                                           UnaryOperator<JsonNode> patch, boolean status, boolean dryRun) {
        UnaryOperator<T> change = current -> {
            T body = PatchedObjects.decode(type, patch.apply(PatchedObjects.toTree(current)));
            requireNameMatches(body, name);
            requireSameNamespace(body, current);
            return status ? prepareStatusUpdate(type, name, body, current) : prepareUpdate(type, name, body, current);
        };
        return dryRun ? change.apply(get(type, namespace, name)) : store.update(type, namespace, name, change);
    }

    /**
     * Server-side apply: a PATCH that creates the object when it does not exist ({@code patch} then gets a
     * null tree). Returns the object and whether it was created.
     */
    public <T extends HasMetadata> Applied<T> apply(ResourceType<T> type, String namespace, String name,
                                                    UnaryOperator<JsonNode> patch, boolean dryRun) {
        for (int attempt = 0; ; attempt++) {
            if (store.get(type, namespace, name).isPresent()) {
                try {
                    return new Applied<>(patch(type, namespace, name, patch, false, dryRun), false);
                } catch (StatusException e) {
                    if (e.code() != 404 || attempt > 0) { // deleted in between: create it instead
                        throw e;
                    }
                }
            }
            T object = PatchedObjects.decode(type, patch.apply(null));
            requireNameMatches(object, name);
            if (object.getMetadata().getUid() != null && !object.getMetadata().getUid().isEmpty()) {
                throw StatusException.conflict(type, name, "uid mismatch: the provided object specified uid "
                        + object.getMetadata().getUid() + ", and no existing object was found");
            }
            if (dryRun) {
                prepareCreate(type, type.namespaced() ? namespace : null, object);
                return new Applied<>(object, true);
            }
            try {
                return new Applied<>(create(type, type.namespaced() ? namespace : null, object), true);
            } catch (StatusException e) {
                if (!"AlreadyExists".equals(e.status().getReason()) || attempt > 0) { // created in between: patch it
                    throw e;
                }
            }
        }
    }

    /** The result of an apply: the stored object, and whether the apply created it (201) or updated it (200). */
    public record Applied<T>(T object, boolean created) {
    }

    private <T extends HasMetadata> T prepareUpdate(ResourceType<T> type, String name, T body, T current) {
        Strategy<T> strategy = strategy(type);
        FieldErrors errors = new FieldErrors();
        ObjectMetaRules.prepareForUpdate(type, body, current, errors);
        strategy.prepareForUpdate(body, current);
        strategy.validateUpdate(body, current, errors);
        errors.throwIfAny(type, name);
        if (strategy.tracksGeneration() && strategy.specChanged(body, current)) {
            long generation = current.getMetadata().getGeneration() == null ? 1
                    : current.getMetadata().getGeneration();
            body.getMetadata().setGeneration(generation + 1);
        }
        return body;
    }

    private <T extends HasMetadata> T prepareStatusUpdate(ResourceType<T> type, String name, T body, T current) {
        String requested = body.getMetadata().getResourceVersion();
        if (requested != null && !requested.isEmpty()
                && !requested.equals(current.getMetadata().getResourceVersion())) {
            throw StatusException.staleResourceVersion(type, name);
        }
        return strategy(type).applyStatus(body, current);
    }

    /**
     * Marks the object for deletion (see {@link Deletion}); the store removes it in the same transaction when
     * nothing (finalizers, a pod's grace period) holds it. Returns its state: deleted, or marked.
     */
    public <T extends HasMetadata> T delete(ResourceType<T> type, String namespace, String name,
                                            DeleteOptions options) {
        return store.update(type, namespace, name, current -> Deletion.mark(type, current, options));
    }

    /** PUT namespaces/{name}/finalize: only spec.finalizers changes; an emptied terminating namespace goes. */
    public Namespace finalizeNamespace(String name, Namespace body) {
        return store.update(Resources.NAMESPACES, null, name, current -> {
            current.getSpec().setFinalizers(body.getSpec() == null ? null : body.getSpec().getFinalizers());
            return current;
        });
    }

    public ObjectStore store() {
        return store;
    }

    @SuppressWarnings("unchecked")
    private <T extends HasMetadata> Strategy<T> strategy(ResourceType<T> type) {
        return (Strategy<T>) strategies.get(type);
    }

    private static void requireSameNamespace(HasMetadata body, HasMetadata current) {
        String namespace = body.getMetadata().getNamespace();
        if (namespace != null && !namespace.isEmpty() && !namespace.equals(current.getMetadata().getNamespace())) {
            throw StatusException.badRequest("the namespace of the provided object does not match the namespace "
                    + "sent on the request");
        }
    }

    private static void requireNameMatches(HasMetadata body, String name) {
        if (body.getMetadata() == null) {
            throw StatusException.badRequest("metadata is required");
        }
        if (body.getMetadata().getName() != null && !body.getMetadata().getName().equals(name)) {
            throw StatusException.badRequest("the name of the object (" + body.getMetadata().getName()
                    + ") does not match the name on the URL (" + name + ")");
        }
        body.getMetadata().setName(name);
    }
}
