package io.quarkube.controllermanager.gc;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;

import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Which objects name an owner UID in their ownerReferences (the edges of Kubernetes' GC graph), kept current by
 * the informer events of every kind so that an owner's sync need not scan every cached object. Written by the
 * informer thread, read by the workers.
 */
public final class DependentsIndex {
    private final Map<String, Set<ObjectRef>> dependentsByOwner = new HashMap<>();
    private final Map<ObjectRef, Set<String>> ownersByDependent = new HashMap<>();

    /** Records the object's current owners (an add or update). */
    public synchronized void put(ObjectRef dependent, HasMetadata object) {
        Set<String> owners = OwnerRefs.of(object).stream().map(OwnerReference::getUid).filter(Objects::nonNull)
                .collect(Collectors.toCollection(LinkedHashSet::new));
        Set<String> previous = owners.isEmpty() ? ownersByDependent.remove(dependent)
                : ownersByDependent.put(dependent, owners);
        if (previous != null) {
            previous.stream().filter(uid -> !owners.contains(uid)).forEach(uid -> unlink(uid, dependent));
        }
        owners.forEach(uid -> dependentsByOwner.computeIfAbsent(uid, u -> new LinkedHashSet<>()).add(dependent));
    }

    /** The object is gone. */
    public synchronized void remove(ObjectRef dependent) {
        Set<String> previous = ownersByDependent.remove(dependent);
        if (previous != null) {
            previous.forEach(uid -> unlink(uid, dependent));
        }
    }

    public synchronized List<ObjectRef> dependentsOf(String ownerUid) {
        Set<ObjectRef> dependents = dependentsByOwner.get(ownerUid);
        return dependents == null ? List.of() : List.copyOf(dependents);
    }

    public synchronized boolean hasDependents(String ownerUid) {
        return dependentsByOwner.containsKey(ownerUid);
    }

    private void unlink(String ownerUid, ObjectRef dependent) {
        Set<ObjectRef> dependents = dependentsByOwner.get(ownerUid);
        if (dependents != null && dependents.remove(dependent) && dependents.isEmpty()) {
            dependentsByOwner.remove(ownerUid);
        }
    }
}
