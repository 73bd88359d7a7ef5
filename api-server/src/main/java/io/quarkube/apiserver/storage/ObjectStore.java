package io.quarkube.apiserver.storage;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.quarkube.api.ResourceType;

import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * The api-server's storage contract (kine's types.go, in Java). Every write assigns the next global
 * resourceVersion, stores the object and queues its change for Kafka in one transaction.
 */
public interface ObjectStore {

    /** Stores a new object; fails with AlreadyExists when the name is taken. Sets resourceVersion. */
    <T extends HasMetadata> T create(ResourceType<T> type, T object);

    <T extends HasMetadata> Optional<T> get(ResourceType<T> type, String namespace, String name);

    /** Every object of a kind (in one namespace, or all when namespace is null) and the revision read at. */
    <T extends HasMetadata> Listing<T> list(ResourceType<T> type, String namespace);

    /**
     * Reads the current object, lets {@code change} compute the new one (it may throw a StatusException to
     * refuse), and stores it with the next resourceVersion if the object is still the one read; otherwise it reads
     * again and runs {@code change} again (optimistic concurrency, as etcd's GuaranteedUpdate: {@code change}
     * must not depend on having run before). Returns the stored object,
     * or the unchanged one when {@code change} returned it as-is (no new revision for a no-op). An object marked
     * for deletion that nothing holds any more ({@link Finalization#isFinished}) is removed instead: a DELETED
     * event with the new resourceVersion.
     */
    <T extends HasMetadata> T update(ResourceType<T> type, String namespace, String name, UnaryOperator<T> change);

    /** The newest committed resourceVersion. */
    long currentRevision();

    record Listing<T>(List<T> items, long resourceVersion) {
    }
}
