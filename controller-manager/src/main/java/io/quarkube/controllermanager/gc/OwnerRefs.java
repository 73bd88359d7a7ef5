package io.quarkube.controllermanager.gc;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.quarkube.api.ResourceType;
import io.quarkube.api.Resources;

import io.quarkube.api.json.Json;

import java.util.Collection;
import java.util.List;
import java.util.Optional;

/** Resolving an ownerReference (apiVersion, kind, name, uid — no namespace) to the owner it names. */
final class OwnerRefs {
    private OwnerRefs() {
    }

    static List<OwnerReference> of(HasMetadata object) {
        List<OwnerReference> refs = object.getMetadata().getOwnerReferences();
        return refs == null ? List.of() : refs;
    }

    /** The owner's kind, matched by API group and kind (any version); empty for a kind quarkube does not serve. */
    static Optional<ResourceType<?>> ownerType(OwnerReference ref) {
        if (ref.getApiVersion() == null || ref.getKind() == null) {
            return Optional.empty();
        }
        int slash = ref.getApiVersion().indexOf('/');
        String group = slash < 0 ? "" : ref.getApiVersion().substring(0, slash);
        return Resources.ALL.stream().filter(t -> t.group().equals(group) && t.kind().equals(ref.getKind()))
                .<ResourceType<?>>map(t -> t).findFirst();
    }

    /**
     * Where the owner lives: a namespaced owner in the dependent's namespace, a cluster-scoped one at cluster
     * scope. Empty when a cluster-scoped dependent names a namespaced owner, which cannot exist (Kubernetes
     * treats that reference as absent).
     */
    static Optional<ObjectRef> owner(ResourceType<?> ownerType, HasMetadata dependent, OwnerReference ref) {
        String namespace = dependent.getMetadata().getNamespace();
        if (ownerType.namespaced() && (namespace == null || namespace.isEmpty())) {
            return Optional.empty();
        }
        return Optional.of(new ObjectRef(ownerType, namespace, ref.getName()));
    }

    /** The object's key for this reference's owner, if the reference can be resolved. */
    static Optional<ObjectRef> ownerKey(HasMetadata dependent, OwnerReference ref) {
        return ownerType(ref).flatMap(type -> owner(type, dependent, ref));
    }

    static Optional<OwnerReference> find(HasMetadata dependent, String ownerUid) {
        return of(dependent).stream().filter(r -> ownerUid.equals(r.getUid())).findFirst();
    }

    static boolean blocksOwnerDeletion(OwnerReference ref) {
        return Boolean.TRUE.equals(ref.getBlockOwnerDeletion());
    }

    /** A copy of the object without its references to these owner UIDs (resourceVersion kept). */
    @SuppressWarnings("unchecked")
    static <T extends HasMetadata> T without(T object, Collection<String> ownerUids) {
        T copy = Json.copy(object, (Class<T>) object.getClass());
        copy.getMetadata().setOwnerReferences(of(copy).stream().filter(r -> !ownerUids.contains(r.getUid())).toList());
        return copy;
    }

    static List<String> uids(HasMetadata object) {
        return of(object).stream().map(OwnerReference::getUid).toList();
    }
}
