package io.quarkube.controllermanager.controller;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;

/**
 * The pod writes a controller makes, behind an interface so that tests record them instead (FakePodControl).
 * Failures are {@code ApiException}s (or unchecked I/O errors) from the api-server.
 */
public interface PodControl {
    /** Creates the pod (built by {@link PodTemplates}); returns it as stored. */
    Pod createPod(Pod pod);

    /** Deletes the pod only if it still has this UID (another pod may have taken the name since). */
    void deletePod(String namespace, String name, String uid);

    /** Replaces the pod (ownerReferences for adoption/release); 409 if it changed meanwhile. */
    Pod updatePod(Pod pod);

    /**
     * Removes one finalizer whatever else changed on the pod meanwhile (a patch, never a 409); here as a
     * conditional update of the given copy, which the API implementation replaces with the patch.
     */
    /**
     * Whether the owner may adopt orphans: asked once per sync before the first adoption, as Kubernetes'
     * RecheckDeletionTimestamp, because a cached owner may already be deleted with its dependents orphaned — an
     * adoption then would hand the pod to an owner that is going away. The API implementation reads it live.
     */
    default boolean canAdoptFor(HasMetadata owner) {
        return owner.getMetadata().getDeletionTimestamp() == null;
    }

    default void removeFinalizer(Pod pod, String finalizer) {
        Pod copy = io.quarkube.api.json.Json.copy(pod, Pod.class);
        copy.getMetadata().getFinalizers().removeIf(finalizer::equals);
        updatePod(copy);
    }
}
