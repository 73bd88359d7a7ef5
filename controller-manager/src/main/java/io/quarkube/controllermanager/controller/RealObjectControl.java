package io.quarkube.controllermanager.controller;

import io.fabric8.kubernetes.api.model.DeleteOptions;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.quarkube.api.ResourceType;
import io.quarkube.api.client.ApiClient;

import java.util.List;
import java.util.Optional;

/** ObjectControl over the api-server's REST API. */
public final class RealObjectControl implements ObjectControl {
    private final ApiClient api;

    public RealObjectControl(ApiClient api) {
        this.api = api;
    }

    @Override
    public Optional<HasMetadata> get(ResourceType<?> type, String namespace, String name) {
        return api.get(type, namespace, name).map(HasMetadata.class::cast);
    }

    @Override
    public List<HasMetadata> list(ResourceType<?> type, String namespace) {
        return List.copyOf(api.list(type, namespace, null));
    }

    @Override
    public HasMetadata update(ResourceType<?> type, HasMetadata object) {
        return typedUpdate(type, object);
    }

    private <T extends HasMetadata> T typedUpdate(ResourceType<T> type, HasMetadata object) {
        return api.update(type, type.modelClass().cast(object));
    }

    @Override
    public void delete(ResourceType<?> type, String namespace, String name, DeleteOptions options) {
        api.delete(type, namespace, name, options);
    }

    @Override
    public Namespace finalizeNamespace(Namespace namespace) {
        return api.finalizeNamespace(namespace);
    }
}
