package io.quarkube.controllermanager.controller;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.quarkube.api.Resources;
import io.quarkube.api.client.ApiClient;

import java.util.List;
import java.util.Map;

/** PodControl over the api-server's REST API. */
public final class RealPodControl implements PodControl {
    private final ApiClient api;

    public RealPodControl(ApiClient api) {
        this.api = api;
    }

    @Override
    public Pod createPod(Pod pod) {
        return api.create(Resources.PODS, pod);
    }

    @Override
    public void deletePod(String namespace, String name, String uid) {
        api.delete(Resources.PODS, namespace, name, uid);
    }

    @Override
    public Pod updatePod(Pod pod) {
        return api.update(Resources.PODS, pod);
    }

    /** A live GET of the owner: still there, the same UID, not being deleted. */
    @Override
    public boolean canAdoptFor(HasMetadata owner) {
        var type = Resources.byKind(owner.getApiVersion(), owner.getKind());
        if (type.isEmpty()) {
            return PodControl.super.canAdoptFor(owner);
        }
        return api.get(type.get(), owner.getMetadata().getNamespace(), owner.getMetadata().getName())
                .filter(live -> live.getMetadata().getUid().equals(owner.getMetadata().getUid()))
                .filter(live -> live.getMetadata().getDeletionTimestamp() == null)
                .isPresent();
    }

    /** Kubernetes' removeTrackingFinalizerPatch: a strategic merge patch that deletes one list entry. */
    @Override
    public void removeFinalizer(Pod pod, String finalizer) {
        api.patch(Resources.PODS, pod.getMetadata().getNamespace(), pod.getMetadata().getName(),
                Map.of("metadata", Map.of("$deleteFromPrimitiveList/finalizers", List.of(finalizer))));
    }
}
