package io.quarkube.apiserver.registry;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.quarkube.api.ResourceType;
import io.quarkube.apiserver.validation.FieldErrors;

/**
 * What differs between kinds on a write (Kubernetes' RESTCreateStrategy/RESTUpdateStrategy): defaults,
 * validation, and how the main resource and its status subresource split the object. The generic parts
 * (metadata, resourceVersion, generation) live in {@link ObjectMetaRules}.
 */
public interface Strategy<T extends HasMetadata> {

    ResourceType<T> type();

    /** Whether name rules are DNS-1123 labels (namespaces) rather than subdomains. */
    default boolean nameIsLabel() {
        return false;
    }

    /** Server-set fields and defaults of a new object (status is the server's, not the client's). */
    void prepareForCreate(T object);

    void validate(T object, FieldErrors errors);

    /** An update of the main resource keeps the stored status. */
    void prepareForUpdate(T updated, T old);

    default void validateUpdate(T updated, T old, FieldErrors errors) {
        validate(updated, errors);
    }

    /** A status update keeps everything but the status of the stored object; returns the object to store. */
    T applyStatus(T updatedStatusSource, T old);

    /** Whether metadata.generation tracks spec changes for this kind. */
    default boolean tracksGeneration() {
        return true;
    }

    /** Whether the spec differs, to bump metadata.generation. */
    boolean specChanged(T updated, T old);
}
