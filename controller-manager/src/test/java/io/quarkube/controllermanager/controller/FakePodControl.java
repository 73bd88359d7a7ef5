package io.quarkube.controllermanager.controller;

import io.fabric8.kubernetes.api.model.Pod;
import io.quarkube.api.json.Json;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

/** Records pod writes instead of sending them; a preset error makes every call of that kind fail. */
public final class FakePodControl implements PodControl {
    public final List<Pod> created = Collections.synchronizedList(new ArrayList<>());
    public final List<String> deleted = Collections.synchronizedList(new ArrayList<>());
    public final List<Pod> updated = Collections.synchronizedList(new ArrayList<>());
    public volatile RuntimeException createError;
    /** Creations that succeed before createError applies. */
    public volatile int createsBeforeError;
    public volatile RuntimeException deleteError;
    public volatile RuntimeException updateError;
    /** What a live read of the owner says before an adoption (false: deleted meanwhile). */
    public volatile boolean ownerCurrent = true;
    private final AtomicInteger names = new AtomicInteger();

    @Override
    public Pod createPod(Pod pod) {
        synchronized (this) {
            if (createError != null && createsBeforeError-- <= 0) {
                throw createError;
            }
        }
        created.add(pod);
        Pod stored = Json.copy(pod, Pod.class);
        stored.getMetadata().setName(pod.getMetadata().getGenerateName() + names.incrementAndGet());
        stored.getMetadata().setUid(UUID.randomUUID().toString());
        return stored;
    }

    @Override
    public void deletePod(String namespace, String name, String uid) {
        if (deleteError != null) {
            throw deleteError;
        }
        deleted.add(namespace + "/" + name + "@" + uid);
    }

    @Override
    public boolean canAdoptFor(io.fabric8.kubernetes.api.model.HasMetadata owner) {
        return ownerCurrent;
    }

    @Override
    public Pod updatePod(Pod pod) {
        if (updateError != null) {
            throw updateError;
        }
        updated.add(pod);
        return pod;
    }
}
