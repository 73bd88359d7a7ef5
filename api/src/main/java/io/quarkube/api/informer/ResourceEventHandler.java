package io.quarkube.api.informer;

import java.util.function.Consumer;

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

    /** The action for every added object and the new state of every updated one; deletes are ignored. */
    static <T> ResourceEventHandler<T> onAddOrUpdate(Consumer<T> action) {
        return new ResourceEventHandler<>() {
            @Override
            public void onAdd(T object) {
                action.accept(object);
            }

            @Override
            public void onUpdate(T oldObject, T newObject) {
                action.accept(newObject);
            }
        };
    }

    /** The action for every change: the added object, the new state of an update, the last state of a delete. */
    static <T> ResourceEventHandler<T> onEveryChange(Consumer<T> action) {
        return new ResourceEventHandler<>() {
            @Override
            public void onAdd(T object) {
                action.accept(object);
            }

            @Override
            public void onUpdate(T oldObject, T newObject) {
                action.accept(newObject);
            }

            @Override
            public void onDelete(T lastState) {
                action.accept(lastState);
            }
        };
    }
}
