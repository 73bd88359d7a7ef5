package io.quarkube.apiserver.registry;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.quarkube.api.ResourceType;
import io.quarkube.apiserver.errors.StatusException;
import io.quarkube.apiserver.validation.FieldErrors;
import io.quarkube.apiserver.validation.MetadataRules;
import io.quarkube.apiserver.validation.Names;

import java.security.SecureRandom;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import java.util.UUID;

/** Metadata rules shared by every kind (apimachinery ValidateObjectMeta / ValidateObjectMetaUpdate). */
public final class ObjectMetaRules {
    private static final String SUFFIX_ALPHABET = "bcdfghjklmnpqrstvwxz2456789";
    private static final SecureRandom RANDOM = new SecureRandom();

    private ObjectMetaRules() {
    }

    /**
     * Fills the server-owned metadata of a new object and checks its name and namespace against the request.
     * {@code namespace} is the namespace of the URL (null for cluster-scoped kinds).
     */
    public static void prepareForCreate(ResourceType<?> type, HasMetadata object, String namespace,
                                        boolean nameIsLabel, FieldErrors errors) {
        ObjectMeta meta = object.getMetadata();
        if (meta == null) {
            meta = new ObjectMeta();
            object.setMetadata(meta);
        }
        object.setApiVersion(type.apiVersion());
        if (type.namespaced()) {
            if (meta.getNamespace() != null && !meta.getNamespace().isEmpty()
                    && !meta.getNamespace().equals(namespace)) {
                throw StatusException.badRequest("the namespace of the provided object does not match the "
                        + "namespace sent on the request");
            }
            meta.setNamespace(namespace);
        } else {
            meta.setNamespace(null);
        }
        if ((meta.getName() == null || meta.getName().isEmpty()) && meta.getGenerateName() != null
                && !meta.getGenerateName().isEmpty()) {
            meta.setName(generateName(meta.getGenerateName()));
        }
        if (meta.getName() == null || meta.getName().isEmpty()) {
            errors.required("metadata.name");
        } else if (nameIsLabel) {
            Names.checkLabel(errors, "metadata.name", meta.getName());
        } else {
            Names.checkSubdomain(errors, "metadata.name", meta.getName());
        }
        MetadataRules.validateLabels(meta.getLabels(), "metadata.labels", errors);
        MetadataRules.validateAnnotations(meta.getAnnotations(), "metadata.annotations", errors);
        meta.setUid(UUID.randomUUID().toString());
        meta.setCreationTimestamp(now());
        meta.setResourceVersion(null);
        meta.setDeletionTimestamp(null);
        meta.setDeletionGracePeriodSeconds(null);
        meta.setGeneration(1L);
        meta.setManagedFields(null);
    }

    /** Keeps what a client may not change and refuses changes to immutable fields; checks resourceVersion. */
    public static void prepareForUpdate(ResourceType<?> type, HasMetadata updated, HasMetadata old,
                                        FieldErrors errors) {
        ObjectMeta meta = updated.getMetadata();
        ObjectMeta oldMeta = old.getMetadata();
        String requestedVersion = meta.getResourceVersion();
        if (requestedVersion != null && !requestedVersion.isEmpty()
                && !requestedVersion.equals(oldMeta.getResourceVersion())) {
            throw StatusException.staleResourceVersion(type, oldMeta.getName());
        }
        MetadataRules.validateLabels(meta.getLabels(), "metadata.labels", errors);
        MetadataRules.validateAnnotations(meta.getAnnotations(), "metadata.annotations", errors);
        immutable(errors, "metadata.uid", meta.getUid(), oldMeta.getUid());
        immutable(errors, "metadata.creationTimestamp", meta.getCreationTimestamp(), oldMeta.getCreationTimestamp());
        if (meta.getGeneration() != null && oldMeta.getGeneration() != null
                && meta.getGeneration() < oldMeta.getGeneration()) {
            errors.invalid("metadata.generation", meta.getGeneration(), "must not be decremented");
        }
        if (oldMeta.getDeletionTimestamp() != null && meta.getFinalizers() != null) {
            for (String finalizer : meta.getFinalizers()) {
                if (oldMeta.getFinalizers() == null || !oldMeta.getFinalizers().contains(finalizer)) {
                    errors.forbidden("metadata.finalizers", "no new finalizers can be added if the object is "
                            + "being deleted, found new finalizers [\"" + finalizer + "\"]");
                }
            }
        }
        updated.setApiVersion(type.apiVersion());
        meta.setNamespace(oldMeta.getNamespace());
        meta.setUid(oldMeta.getUid());
        meta.setCreationTimestamp(oldMeta.getCreationTimestamp());
        meta.setGeneration(oldMeta.getGeneration());
        meta.setDeletionTimestamp(oldMeta.getDeletionTimestamp());
        meta.setDeletionGracePeriodSeconds(oldMeta.getDeletionGracePeriodSeconds());
    }

    private static void immutable(FieldErrors errors, String field, Object value, Object old) {
        if (value != null && !"".equals(value) && !Objects.equals(value, old)) {
            errors.invalid(field, value, "field is immutable");
        }
    }

    public static String now() {
        return Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
    }

    private static String generateName(String prefix) {
        StringBuilder name = new StringBuilder(prefix.length() > 58 ? prefix.substring(0, 58) : prefix);
        for (int i = 0; i < 5; i++) {
            name.append(SUFFIX_ALPHABET.charAt(RANDOM.nextInt(SUFFIX_ALPHABET.length())));
        }
        return name.toString();
    }
}
