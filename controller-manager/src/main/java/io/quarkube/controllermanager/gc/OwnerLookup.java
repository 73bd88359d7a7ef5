package io.quarkube.controllermanager.gc;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.quarkube.controllermanager.controller.Caches;
import io.quarkube.controllermanager.controller.ObjectControl;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The owner an ownerReference names, if it still exists with that UID (an object under the same name with another
 * UID is a successor, and the referenced owner is gone). An owner absent from the cache is confirmed with a live
 * GET before anything is deleted, as Kubernetes' garbage collector does: a dependent's event can arrive through
 * Kafka before its owner's (different topics).
 */
@FunctionalInterface
public interface OwnerLookup {
    Optional<HasMetadata> find(ObjectRef owner, String uid);

    /**
     * Cache first, then a live GET. UIDs confirmed absent are remembered (a UID never comes back), so the
     * thousand pods of a deleted ReplicaSet cost one GET, not a thousand (Kubernetes' absentOwnerCache).
     */
    static OwnerLookup cachedThenLive(Caches caches, ObjectControl live) {
        Set<String> absent = Collections.synchronizedSet(Collections.newSetFromMap(new LinkedHashMap<>() {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
                return size() > 1_000;
            }
        }));
        return (owner, uid) -> {
            if (absent.contains(uid)) {
                return Optional.empty();
            }
            if (caches.follows(owner.type())) {
                Optional<HasMetadata> cached = caches.get(owner.type(), owner.namespace(), owner.name())
                        .filter(o -> sameUid(o, uid));
                if (cached.isPresent()) {
                    return cached;
                }
            }
            Optional<HasMetadata> current = live.get(owner.type(), owner.namespace(), owner.name())
                    .filter(o -> sameUid(o, uid));
            if (current.isEmpty()) {
                absent.add(uid);
            }
            return current;
        };
    }

    private static boolean sameUid(HasMetadata owner, String uid) {
        return Objects.equals(owner.getMetadata().getUid(), uid);
    }
}
