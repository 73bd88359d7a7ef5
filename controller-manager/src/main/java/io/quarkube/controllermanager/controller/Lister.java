package io.quarkube.controllermanager.controller;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.quarkube.api.informer.Store;

import java.util.List;
import java.util.Optional;

/**
 * Read-only view of a cache, so that syncs read from the informer in production and from a map in tests.
 * Objects returned are shared: copy before changing them.
 */
public interface Lister<T extends HasMetadata> {
    Optional<T> get(String namespace, String name);

    /** Every object of the namespace. */
    List<T> list(String namespace);

    static <T extends HasMetadata> Lister<T> of(Store<T> store) {
        return new Lister<>() {
            @Override
            public Optional<T> get(String namespace, String name) {
                return store.get(namespace, name);
            }

            @Override
            public List<T> list(String namespace) {
                return store.listNamespace(namespace); // indexed: not a scan of every namespace
            }
        };
    }
}
