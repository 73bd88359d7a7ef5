package io.quarkube.controllermanager.gc;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.quarkube.api.ResourceType;
import io.quarkube.api.client.ApiClient;
import io.quarkube.controllermanager.controller.Lister;

import java.util.Objects;

/**
 * Whether the owner an ownerReference names still exists (same namespace, name and UID). An owner absent from
 * the cache is confirmed with a live GET before anything is deleted, as Kubernetes' garbage collector does: a
 * pod's event can arrive through Kafka before its owner's (different topics).
 */
@FunctionalInterface
public interface OwnerLookup {
    boolean exists(String namespace, OwnerReference ref);

    static <T extends HasMetadata> OwnerLookup cachedThenLive(Lister<T> cache, ApiClient api, ResourceType<T> type) {
        return (namespace, ref) -> {
            if (cache.get(namespace, ref.getName()).filter(o -> sameUid(o, ref)).isPresent()) {
                return true;
            }
            return api.get(type, namespace, ref.getName()).filter(o -> sameUid(o, ref)).isPresent();
        };
    }

    private static boolean sameUid(HasMetadata owner, OwnerReference ref) {
        return Objects.equals(owner.getMetadata().getUid(), ref.getUid());
    }
}
