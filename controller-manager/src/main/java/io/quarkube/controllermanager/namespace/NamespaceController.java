package io.quarkube.controllermanager.namespace;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.quarkube.api.informer.ResourceEventHandler;
import io.quarkube.controllermanager.controller.Enqueuer;
import io.quarkube.controllermanager.controller.Lister;

/**
 * Maps events to the namespaces to sync: a namespace that is (or becomes) Terminating, and a terminating
 * namespace again whenever one of its objects is gone, so that it is finalized as soon as it is empty. It never
 * calls the API.
 */
public final class NamespaceController {
    private final Lister<Namespace> namespaces;
    private final Enqueuer queue;

    public NamespaceController(Lister<Namespace> namespaces, Enqueuer queue) {
        this.namespaces = namespaces;
        this.queue = queue;
    }

    public ResourceEventHandler<Namespace> namespaceHandler() {
        return new ResourceEventHandler<>() {
            @Override
            public void onAdd(Namespace namespace) {
                if (namespace.getMetadata().getDeletionTimestamp() != null) {
                    queue.enqueue(namespace.getMetadata().getName());
                }
            }

            @Override
            public void onUpdate(Namespace oldNamespace, Namespace newNamespace) {
                onAdd(newNamespace);
            }
        };
    }

    /** For every namespaced kind. */
    public <T extends HasMetadata> ResourceEventHandler<T> contentHandler() {
        return new ResourceEventHandler<>() {
            @Override
            public void onDelete(T object) {
                String name = object.getMetadata().getNamespace();
                if (name != null && namespaces.get(null, name)
                        .filter(ns -> ns.getMetadata().getDeletionTimestamp() != null).isPresent()) {
                    queue.enqueue(name);
                }
            }
        };
    }
}
