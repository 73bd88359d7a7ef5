package io.quarkube.apiserver.registry;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.quarkube.api.ResourceType;
import io.quarkube.api.json.Json;

import java.util.Objects;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * The usual split of a kind into spec (the user's) and status (the controllers'): writes to the main
 * resource keep the stored status, writes to /status keep everything but the status.
 */
public abstract class SpecStatusStrategy<T extends HasMetadata, S> implements Strategy<T> {
    private final ResourceType<T> type;
    private final Function<T, S> status;
    private final BiConsumer<T, S> setStatus;

    protected SpecStatusStrategy(ResourceType<T> type, Function<T, S> status, BiConsumer<T, S> setStatus) {
        this.type = type;
        this.status = status;
        this.setStatus = setStatus;
    }

    @Override
    public ResourceType<T> type() {
        return type;
    }

    /** Kubernetes defaults a spec on every write, create and update alike (a PUT may omit defaulted fields). */
    protected void applyDefaults(T object) {
    }

    @Override
    public void prepareForUpdate(T updated, T old) {
        setStatus.accept(updated, status.apply(old));
        applyDefaults(updated);
    }

    @Override
    public T applyStatus(T updatedStatusSource, T old) {
        T result = Json.copy(old, type.modelClass());
        setStatus.accept(result, status.apply(updatedStatusSource));
        return result;
    }

    @Override
    public boolean specChanged(T updated, T old) {
        return !Objects.equals(Json.MAPPER.valueToTree(updated).get("spec"), Json.MAPPER.valueToTree(old).get("spec"));
    }
}
