package io.quarkube.kubelet.podworkers;

import io.fabric8.kubernetes.api.model.Pod;

import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * The one record per pod UID: its newest pod (latest update wins, intermediate ones are skipped), its state and
 * whether a worker is draining its mailbox. Guarded by the workers' lock.
 */
final class PodSyncStatus {
    final String uid;
    Pod pod;
    PodWorkerState state = PodWorkerState.SYNC;
    /** Something happened since the last sync started. */
    boolean pending;
    /** A task is draining this pod's mailbox; at most one at a time keeps each pod serial. */
    boolean working;
    boolean terminationRequested;
    /** The pod is gone from the API: nothing to confirm, forget the UID once terminated. */
    boolean removed;
    /** Runtime futures that already wake this pod, so that each gets one callback. */
    final Set<CompletableFuture<?>> watched = Collections.newSetFromMap(new IdentityHashMap<>());

    PodSyncStatus(String uid, Pod pod) {
        this.uid = uid;
        this.pod = pod;
    }

    String fullName() {
        return pod.getMetadata().getNamespace() + "/" + pod.getMetadata().getName();
    }
}
