package io.quarkube.apiserver.registry;

import io.fabric8.kubernetes.api.model.DeleteOptions;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Preconditions;
import io.quarkube.api.ResourceType;
import io.quarkube.api.Resources;
import io.quarkube.apiserver.errors.StatusException;
import io.quarkube.apiserver.selection.FieldSelector;
import io.quarkube.apiserver.selection.LabelSelector;
import io.quarkube.apiserver.storage.ObjectStore;
import io.quarkube.apiserver.validation.FieldErrors;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

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
        Strategy<T> strategy = strategy(type);
        FieldErrors errors = new FieldErrors();
        ObjectMetaRules.prepareForCreate(type, object, namespace, strategy.nameIsLabel(), errors);
        strategy.prepareForCreate(object);
        if (!strategy.tracksGeneration()) {
            object.getMetadata().setGeneration(null);
        }
        strategy.validate(object, errors);
        errors.throwIfAny(type, object.getMetadata().getName());
        if (type.namespaced() && store.get(Resources.NAMESPACES, null, namespace).isEmpty()) {
            throw StatusException.notFound(Resources.NAMESPACES, namespace);
        }
        return store.create(type, object);
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
        Strategy<T> strategy = strategy(type);
        return store.update(type, namespace, name, current -> {
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
        });
    }

    /** PUT of the status subresource: only .status changes (and never metadata.generation). */
    public <T extends HasMetadata> T updateStatus(ResourceType<T> type, String namespace, String name, T body) {
        requireNameMatches(body, name);
        Strategy<T> strategy = strategy(type);
        return store.update(type, namespace, name, current -> {
            String requested = body.getMetadata().getResourceVersion();
            if (requested != null && !requested.isEmpty()
                    && !requested.equals(current.getMetadata().getResourceVersion())) {
                throw StatusException.staleResourceVersion(type, name);
            }
            return strategy.applyStatus(body, current);
        });
    }

    public <T extends HasMetadata> T delete(ResourceType<T> type, String namespace, String name,
                                            DeleteOptions options) {
        Preconditions preconditions = options == null ? null : options.getPreconditions();
        return store.delete(type, namespace, name, current -> {
            if (preconditions == null) {
                return;
            }
            if (preconditions.getUid() != null && !preconditions.getUid().equals(current.getMetadata().getUid())) {
                throw StatusException.conflict(type, name, "Precondition failed: UID in precondition: "
                        + preconditions.getUid() + ", UID in object meta: " + current.getMetadata().getUid());
            }
            if (preconditions.getResourceVersion() != null
                    && !preconditions.getResourceVersion().equals(current.getMetadata().getResourceVersion())) {
                throw StatusException.conflict(type, name, "Precondition failed: ResourceVersion in precondition: "
                        + preconditions.getResourceVersion() + ", ResourceVersion in object meta: "
                        + current.getMetadata().getResourceVersion());
            }
        });
    }

    public ObjectStore store() {
        return store;
    }

    @SuppressWarnings("unchecked")
    private <T extends HasMetadata> Strategy<T> strategy(ResourceType<T> type) {
        return (Strategy<T>) strategies.get(type);
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
