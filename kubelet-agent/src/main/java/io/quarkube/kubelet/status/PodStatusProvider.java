package io.quarkube.kubelet.status;

import io.fabric8.kubernetes.api.model.PodStatus;

import java.util.Optional;

/** Read-only access to the newest status the kubelet computed for a pod (by UID). */
public interface PodStatusProvider {

    Optional<PodStatus> getPodStatus(String uid);
}
