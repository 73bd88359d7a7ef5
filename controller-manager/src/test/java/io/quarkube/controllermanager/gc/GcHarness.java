package io.quarkube.controllermanager.gc;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder;
import io.quarkube.api.ResourceType;
import io.quarkube.api.Resources;
import io.quarkube.api.json.Json;
import io.quarkube.controllermanager.MapLister;
import io.quarkube.controllermanager.RecordingEnqueuer;
import io.quarkube.controllermanager.TestCaches;
import io.quarkube.controllermanager.controller.ControllerRefs;
import io.quarkube.controllermanager.controller.FakeObjectControl;
import io.quarkube.controllermanager.controller.Finalizers;
import io.quarkube.controllermanager.controller.Result;

import java.util.ArrayList;
import java.util.List;

/**
 * The garbage collector wired as in production, on in-memory caches: objects go through the event handler (so
 * the dependents index is built from events) into the cache and into the fake api-server's live view.
 */
final class GcHarness {
    final TestCaches caches = new TestCaches();
    final DependentsIndex index = new DependentsIndex();
    final RecordingEnqueuer queue = new RecordingEnqueuer();
    final FakeObjectControl control = new FakeObjectControl();
    final GarbageCollector gc = new GarbageCollector(index, queue);
    final GarbageCollectorSync sync = new GarbageCollectorSync(caches.caches, index,
            OwnerLookup.cachedThenLive(caches.caches, control), control, queue);

    /** An add, or an update of what the cache holds under that name. */
    <T extends HasMetadata> T apply(ResourceType<T> type, T object) {
        MapLister<T> cache = caches.lister(type);
        T previous = cache.get(object.getMetadata().getNamespace(), object.getMetadata().getName()).orElse(null);
        cache.put(object);
        control.putLive(type, object);
        if (previous == null) {
            gc.handler(type).onAdd(object);
        } else {
            gc.handler(type).onUpdate(previous, object);
        }
        return object;
    }

    <T extends HasMetadata> void remove(ResourceType<T> type, T object) {
        caches.lister(type).remove(object);
        control.removeLive(type, object);
        gc.handler(type).onDelete(object);
    }

    Result sync(ResourceType<?> type, HasMetadata object) {
        return sync.sync(ObjectRef.of(type, object).toString());
    }

    /** The keys queued since the last call. */
    List<String> queued() {
        List<String> keys = new ArrayList<>(queue.keys);
        queue.keys.clear();
        return keys;
    }

    static String key(ResourceType<?> type, HasMetadata object) {
        return ObjectRef.of(type, object).toString();
    }

    // --- fixtures -------------------------------------------------------------------------------------------

    static Deployment deployment(String name, String uid) {
        return new DeploymentBuilder().withApiVersion("apps/v1").withKind("Deployment")
                .withNewMetadata().withNamespace("default").withName(name).withUid(uid).withResourceVersion("10")
                .endMetadata().build();
    }

    static ReplicaSet replicaSet(String name, HasMetadata owner) {
        ReplicaSet rs = new ReplicaSetBuilder().withApiVersion("apps/v1").withKind("ReplicaSet")
                .withNewMetadata().withNamespace("default").withName(name).withUid("uid-" + name)
                .withResourceVersion("20").endMetadata().build();
        return owned(rs, owner, Resources.DEPLOYMENTS);
    }

    static Pod pod(String name, HasMetadata owner) {
        Pod pod = new PodBuilder().withApiVersion("v1").withKind("Pod")
                .withNewMetadata().withNamespace("default").withName(name).withUid("uid-" + name)
                .withResourceVersion("30").endMetadata().build();
        return owned(pod, owner, Resources.REPLICASETS);
    }

    /** Adds a controller reference (blockOwnerDeletion: true, as controllers set it) to an owner of that kind. */
    static <T extends HasMetadata> T owned(T object, HasMetadata owner, ResourceType<?> ownerType) {
        if (owner != null) {
            addOwner(object, ControllerRefs.newControllerRef(owner, ownerType.apiVersion(), ownerType.kind()));
        }
        return object;
    }

    static <T extends HasMetadata> T addOwner(T object, OwnerReference ref) {
        List<OwnerReference> refs = new ArrayList<>(OwnerRefs.of(object));
        refs.add(ref);
        object.getMetadata().setOwnerReferences(refs);
        return object;
    }

    /** What the api-server makes of a DELETE with Foreground or Orphan propagation. */
    @SuppressWarnings("unchecked")
    static <T extends HasMetadata> T markedForDeletion(T object, String finalizer) {
        T copy = Json.copy(object, (Class<T>) object.getClass());
        copy.getMetadata().setDeletionTimestamp("2025-01-01T00:00:00Z");
        List<String> finalizers = new ArrayList<>();
        if (finalizer != null) {
            finalizers.add(finalizer);
        }
        copy.getMetadata().setFinalizers(finalizers);
        copy.getMetadata().setResourceVersion(String.valueOf(Long.parseLong(
                object.getMetadata().getResourceVersion()) + 1));
        return copy;
    }

    static <T extends HasMetadata> T foreground(T object) {
        return markedForDeletion(object, Finalizers.FOREGROUND);
    }
}
