package io.quarkube.controllermanager.controller;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.quarkube.api.json.Json;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** The controller ownerReference: the one owner (at most) with controller=true, which manages the object. */
public final class ControllerRefs {
    private ControllerRefs() {
    }

    /** The object's controller ownerReference, or null for an orphan. */
    public static OwnerReference controllerOf(HasMetadata object) {
        var refs = object.getMetadata().getOwnerReferences();
        if (refs == null) {
            return null;
        }
        return refs.stream().filter(r -> Boolean.TRUE.equals(r.getController())).findFirst().orElse(null);
    }

    public static boolean isControlledBy(HasMetadata object, HasMetadata owner) {
        OwnerReference ref = controllerOf(object);
        return ref != null && ref.getUid() != null && ref.getUid().equals(owner.getMetadata().getUid());
    }

    /** True if the reference names this kind in this API group (any version), e.g. apps + ReplicaSet. */
    public static boolean refersTo(OwnerReference ref, String group, String kind) {
        if (ref == null || !kind.equals(ref.getKind()) || ref.getApiVersion() == null) {
            return false;
        }
        int slash = ref.getApiVersion().indexOf('/');
        String refGroup = slash < 0 ? "" : ref.getApiVersion().substring(0, slash);
        return refGroup.equals(group);
    }

    /** {apiVersion, kind, name, uid, controller: true, blockOwnerDeletion: true}, as Kubernetes' NewControllerRef. */
    public static OwnerReference newControllerRef(HasMetadata owner, String apiVersion, String kind) {
        return new OwnerReferenceBuilder()
                .withApiVersion(apiVersion).withKind(kind)
                .withName(owner.getMetadata().getName()).withUid(owner.getMetadata().getUid())
                .withController(true).withBlockOwnerDeletion(true)
                .build();
    }

    /** A copy of the object (cached objects are shared) with this reference added: an adoption. */
    public static <T extends HasMetadata> T withOwnerRef(T object, OwnerReference ref) {
        T copy = copy(object);
        List<OwnerReference> refs = copy.getMetadata().getOwnerReferences() == null ? new ArrayList<>()
                : new ArrayList<>(copy.getMetadata().getOwnerReferences());
        refs.add(ref);
        copy.getMetadata().setOwnerReferences(refs);
        return copy;
    }

    /** A copy of the object without the owner's references: a release. */
    public static <T extends HasMetadata> T withoutOwner(T object, HasMetadata owner) {
        T copy = copy(object);
        copy.getMetadata().getOwnerReferences().removeIf(r -> Objects.equals(r.getUid(), owner.getMetadata().getUid()));
        return copy;
    }

    @SuppressWarnings("unchecked")
    private static <T extends HasMetadata> T copy(T object) {
        return Json.copy(object, (Class<T>) object.getClass());
    }
}
