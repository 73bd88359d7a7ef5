package io.quarkube.controllermanager.controller;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.quarkube.api.labels.LabelSelectors;

import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * What a controller's informer handlers look up in the cache of its own kind: the controller an object's
 * controller reference names (Kubernetes' resolveControllerRef: same API group and kind, and the cached object
 * has the referenced UID, so a successor under the same name is not taken for it), and, for an orphan, the
 * controllers whose selector matches its labels.
 */
public final class ControllerRefResolver<T extends HasMetadata> {
    private final Lister<T> controllers;
    private final String group;
    private final String kind;
    private final Function<T, LabelSelector> selector;

    /** @param selector the controller's selector; null (or a null spec) matches nothing */
    public ControllerRefResolver(Lister<T> controllers, String group, String kind, Function<T, LabelSelector> selector) {
        this.controllers = controllers;
        this.group = group;
        this.kind = kind;
        this.selector = selector;
    }

    /** The controller the reference names, if it is in the cache with that UID; null otherwise. */
    public T resolve(String namespace, OwnerReference ref) {
        if (!ControllerRefs.refersTo(ref, group, kind)) {
            return null;
        }
        return controllers.get(namespace, ref.getName())
                .filter(owner -> Objects.equals(owner.getMetadata().getUid(), ref.getUid()))
                .orElse(null);
    }

    /** The object's controller, if it is of this kind and cached with that UID; null otherwise. */
    public T controllerOf(HasMetadata object) {
        return resolve(object.getMetadata().getNamespace(), ControllerRefs.controllerOf(object));
    }

    /** The controllers of the object's namespace whose selector matches its labels (who may adopt an orphan). */
    public List<T> matching(HasMetadata orphan) {
        return controllers.list(orphan.getMetadata().getNamespace()).stream()
                .filter(owner -> LabelSelectors.matches(selector.apply(owner), orphan.getMetadata().getLabels()))
                .toList();
    }
}
