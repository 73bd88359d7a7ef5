package io.quarkube.controllermanager.controller;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.quarkube.api.json.Json;

import java.util.ArrayList;
import java.util.List;

/** The finalizers the garbage collector acts on, as the api-server sets them for a propagation policy. */
public final class Finalizers {
    /** DELETE with propagationPolicy Foreground: the owner stays until its blocking dependents are gone. */
    public static final String FOREGROUND = "foregroundDeletion";
    /** DELETE with propagationPolicy Orphan: the owner stays until its dependents no longer reference it. */
    public static final String ORPHAN = "orphan";

    private Finalizers() {
    }

    public static boolean has(HasMetadata object, String finalizer) {
        List<String> finalizers = object.getMetadata().getFinalizers();
        return finalizers != null && finalizers.contains(finalizer);
    }

    public static boolean isBeingDeleted(HasMetadata object) {
        return object.getMetadata().getDeletionTimestamp() != null;
    }

    /** Being deleted in the foreground: waiting for its dependents (Kubernetes' isDeletingDependents). */
    public static boolean isDeletingDependents(HasMetadata object) {
        return isBeingDeleted(object) && has(object, FOREGROUND);
    }

    /** Being deleted with Orphan propagation: its dependents must let go of it first. */
    public static boolean isOrphaning(HasMetadata object) {
        return isBeingDeleted(object) && has(object, ORPHAN);
    }

    /** A copy of the object without this finalizer (resourceVersion kept, so the update is conditional). */
    @SuppressWarnings("unchecked")
    public static <T extends HasMetadata> T without(T object, String finalizer) {
        T copy = Json.copy(object, (Class<T>) object.getClass());
        List<String> rest = new ArrayList<>(copy.getMetadata().getFinalizers());
        rest.remove(finalizer);
        copy.getMetadata().setFinalizers(rest);
        return copy;
    }
}
