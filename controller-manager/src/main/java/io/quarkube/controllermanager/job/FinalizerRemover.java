package io.quarkube.controllermanager.job;

import io.fabric8.kubernetes.api.model.Pod;
import io.quarkube.api.client.ApiException;
import io.quarkube.controllermanager.controller.PodControl;


/**
 * Removes the job-tracking finalizer from a pod with a patch that deletes just that entry, as Kubernetes does, so
 * a pod the kubelet updated meanwhile does not turn the removal into a 409; a pod that is gone counts as done.
 */
final class FinalizerRemover {
    private final PodControl podControl;

    FinalizerRemover(PodControl podControl) {
        this.podControl = podControl;
    }

    /** Throws on failure; returns normally when removed, absent or the pod is gone. */
    void remove(Pod pod) {
        if (!JobPods.hasTrackingFinalizer(pod)) {
            return;
        }
        try {
            podControl.removeFinalizer(pod, JobPods.TRACKING_FINALIZER);
        } catch (ApiException e) {
            if (!e.isNotFound()) {
                throw e;
            }
        }
    }
}
