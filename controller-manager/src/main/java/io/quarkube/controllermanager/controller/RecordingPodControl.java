package io.quarkube.controllermanager.controller;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.quarkube.api.client.ApiException;
import io.quarkube.api.events.EventRecorder;

import java.util.Optional;

/**
 * PodControl that records, on the owning controller, the Events Kubernetes' controllers record
 * (SuccessfulCreate / FailedCreate, SuccessfulDelete / FailedDelete), so kubectl describe shows them.
 */
public final class RecordingPodControl implements PodControl {
    private final PodControl delegate;
    private final EventRecorder recorder;
    private final Lister<? extends HasMetadata> owners;
    private final Lister<Pod> pods;

    public RecordingPodControl(PodControl delegate, EventRecorder recorder, Lister<? extends HasMetadata> owners,
                               Lister<Pod> pods) {
        this.delegate = delegate;
        this.recorder = recorder;
        this.owners = owners;
        this.pods = pods;
    }

    @Override
    public Pod createPod(Pod pod) {
        Optional<? extends HasMetadata> owner = ownerOf(pod);
        try {
            Pod created = delegate.createPod(pod);
            owner.ifPresent(o -> recorder.normal(o, "SuccessfulCreate", "Created pod: " + created.getMetadata().getName()));
            return created;
        } catch (RuntimeException e) {
            if (!ApiException.isNamespaceTerminating(e)) { // every create fails then: not worth a warning each
                owner.ifPresent(o -> recorder.warning(o, "FailedCreate", "Error creating: " + e.getMessage()));
            }
            throw e;
        }
    }

    @Override
    public void deletePod(String namespace, String name, String uid) {
        Optional<? extends HasMetadata> owner = pods.get(namespace, name).flatMap(this::ownerOf);
        try {
            delegate.deletePod(namespace, name, uid);
            owner.ifPresent(o -> recorder.normal(o, "SuccessfulDelete", "Deleted pod: " + name));
        } catch (RuntimeException e) {
            owner.ifPresent(o -> recorder.warning(o, "FailedDelete", "Error deleting: " + e.getMessage()));
            throw e;
        }
    }

    @Override
    public Pod updatePod(Pod pod) {
        return delegate.updatePod(pod);
    }

    @Override
    public boolean canAdoptFor(HasMetadata owner) {
        return delegate.canAdoptFor(owner);
    }

    @Override
    public void removeFinalizer(Pod pod, String finalizer) {
        delegate.removeFinalizer(pod, finalizer);
    }

    private Optional<? extends HasMetadata> ownerOf(Pod pod) {
        OwnerReference ref = ControllerRefs.controllerOf(pod);
        return ref == null ? Optional.empty() : owners.get(pod.getMetadata().getNamespace(), ref.getName())
                .filter(o -> ref.getUid() == null || ref.getUid().equals(o.getMetadata().getUid()));
    }
}
