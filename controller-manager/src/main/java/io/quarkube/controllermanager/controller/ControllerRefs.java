package io.quarkube.controllermanager.controller;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;

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
}
