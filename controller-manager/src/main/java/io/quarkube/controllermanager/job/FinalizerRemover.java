package io.quarkube.controllermanager.job;

import io.fabric8.kubernetes.api.model.Pod;
import io.quarkube.api.client.ApiException;
import io.quarkube.api.json.Json;
import io.quarkube.controllermanager.controller.PodControl;

import java.util.ArrayList;
import java.util.List;

/**
 * Removes the job-tracking finalizer from a pod with a conditional update (resourceVersion of the cached copy):
 * a pod that changed meanwhile answers 409 and is retried on the next sync, a pod that is gone counts as done.
 */
final class FinalizerRemover {
    private final PodControl podControl;

    FinalizerRemover(PodControl podControl) {
        this.podControl = podControl;
    }

    /** Throws on failure (409 included); returns normally when removed, absent or the pod is gone. */
    void remove(Pod pod) {
        if (!JobPods.hasTrackingFinalizer(pod)) {
            return;
        }
        Pod copy = Json.copy(pod, Pod.class);
        List<String> finalizers = new ArrayList<>(copy.getMetadata().getFinalizers());
        finalizers.removeIf(JobPods.TRACKING_FINALIZER::equals);
        copy.getMetadata().setFinalizers(finalizers);
        try {
            podControl.updatePod(copy);
        } catch (ApiException e) {
            if (!e.isNotFound()) {
                throw e;
            }
        }
    }
}
