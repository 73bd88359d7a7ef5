package io.quarkube.kubelet.status;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodStatus;

/** Where the pod workers put what they observed. The {@link StatusManager} writes it to the api-server; tests record it. */
public interface PodStatusSink {

    /** The status the kubelet wants the pod to have now; equal statuses are coalesced. */
    void setPodStatus(Pod pod, PodStatus status);

    /**
     * The pod's containers are gone and its sandbox removed. With {@code confirmDeletion} the pod still exists with
     * a deletionTimestamp and must be deleted (UID precondition); otherwise it is already gone from the API.
     */
    void podTerminated(Pod pod, boolean confirmDeletion);
}
