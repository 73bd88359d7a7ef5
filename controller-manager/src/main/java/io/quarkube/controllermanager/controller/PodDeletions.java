package io.quarkube.controllermanager.controller;

import io.fabric8.kubernetes.api.model.Pod;
import io.quarkube.api.client.ApiException;

import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * Deletes a controller's pods in parallel, its deletions already expected (Kubernetes' manageReplicas): a
 * deletion that fails will never be seen by the informer, so it counts as observed at once. A pod already gone
 * (404) or replaced (409 on the UID precondition) is no error.
 */
public final class PodDeletions {
    private PodDeletions() {
    }

    /** @return the first error, or null */
    public static RuntimeException deleteAll(PodControl podControl, Expectations expectations, String key,
                                             List<Pod> pods, Executor executor) {
        List<CompletableFuture<RuntimeException>> calls = pods.stream()
                .map(pod -> CompletableFuture.supplyAsync(() -> delete(podControl, expectations, key, pod), executor))
                .toList();
        return calls.stream().map(CompletableFuture::join).filter(Objects::nonNull).findFirst().orElse(null);
    }

    private static RuntimeException delete(PodControl podControl, Expectations expectations, String key, Pod pod) {
        try {
            podControl.deletePod(pod.getMetadata().getNamespace(), pod.getMetadata().getName(),
                    pod.getMetadata().getUid());
            return null;
        } catch (RuntimeException e) {
            expectations.deletionObserved(key, pod.getMetadata().getUid()); // no event will come for it
            boolean gone = e instanceof ApiException api && (api.isNotFound() || api.isConflict());
            return gone ? null : e;
        }
    }
}
