package io.quarkube.apiserver.registry;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.quarkube.api.ResourceType;
import io.quarkube.apiserver.validation.FieldErrors;

/** Kinds without a status subresource (Events, Leases): the whole object is the client's, no generation. */
public abstract class DataOnlyStrategy<T extends HasMetadata> implements Strategy<T> {
    private final ResourceType<T> type;

    protected DataOnlyStrategy(ResourceType<T> type) {
        this.type = type;
    }

    @Override
    public ResourceType<T> type() {
        return type;
    }

    @Override
    public void prepareForCreate(T object) {
    }

    @Override
    public void validate(T object, FieldErrors errors) {
    }

    @Override
    public void prepareForUpdate(T updated, T old) {
    }

    @Override
    public T applyStatus(T updatedStatusSource, T old) {
        return old;
    }

    @Override
    public boolean tracksGeneration() {
        return false;
    }

    @Override
    public boolean specChanged(T updated, T old) {
        return false;
    }
}
