package io.quarkube.api.informer;

/**
 * Notified by the informer thread after its cache changed. Handlers must return quickly: the usual body only
 * enqueues a key for a worker (as Kubernetes' controllers do).
 */
public interface ResourceEventHandler<T> {
    default void onAdd(T object) {
    }

    default void onUpdate(T oldObject, T newObject) {
    }

    default void onDelete(T lastState) {
    }
}
