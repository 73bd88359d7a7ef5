package io.quarkube.controllermanager.controller;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.quarkube.api.ObjectKey;
import io.quarkube.api.informer.ResourceEventHandler;

import java.time.Duration;
import java.util.Objects;
import java.util.function.ToIntFunction;

/**
 * Pod events of a controller that creates and deletes its pods directly (Kubernetes' addPod/updatePod/deletePod
 * of the ReplicaSet and DaemonSet controllers): an event goes to the controller that controls the pod (and to
 * the previous one when the reference changed), an orphan's to every controller whose selector matches it.
 * Creations and deletions seen lower the controller's expectations; a pod already terminating counts as
 * deleted. A pod becoming ready is looked at again after minReadySeconds, when it becomes available and no
 * event will say so. Never calls the API.
 */
public final class OwnedPodEvents<T extends HasMetadata> implements ResourceEventHandler<Pod> {
    private final ControllerRefResolver<T> controllers;
    private final Expectations expectations;
    private final Enqueuer queue;
    private final ToIntFunction<T> minReadySeconds;

    public OwnedPodEvents(ControllerRefResolver<T> controllers, Expectations expectations, Enqueuer queue,
                          ToIntFunction<T> minReadySeconds) {
        this.controllers = controllers;
        this.expectations = expectations;
        this.queue = queue;
        this.minReadySeconds = minReadySeconds;
    }

    @Override
    public void onAdd(Pod pod) {
        if (pod.getMetadata().getDeletionTimestamp() != null) {
            onDelete(pod); // seen for the first time while already terminating (e.g. after a restart)
            return;
        }
        T owner = controllers.controllerOf(pod);
        if (owner != null) {
            expectations.creationObserved(key(owner));
            queue.enqueue(key(owner));
        } else if (ControllerRefs.controllerOf(pod) == null) {
            enqueueMatching(pod);
        }
    }

    @Override
    public void onUpdate(Pod oldPod, Pod newPod) {
        boolean labelsChanged = !Objects.equals(oldPod.getMetadata().getLabels(), newPod.getMetadata().getLabels());
        if (newPod.getMetadata().getDeletionTimestamp() != null) {
            onDelete(newPod);
            if (labelsChanged) {
                onDelete(oldPod);
            }
            return;
        }
        OwnerReference oldRef = ControllerRefs.controllerOf(oldPod);
        OwnerReference newRef = ControllerRefs.controllerOf(newPod);
        boolean refChanged = !Objects.equals(oldRef, newRef);
        if (refChanged && oldRef != null) {
            T previous = controllers.controllerOf(oldPod);
            if (previous != null) {
                queue.enqueue(key(previous));
            }
        }
        if (newRef != null) {
            T owner = controllers.controllerOf(newPod);
            if (owner != null) {
                queue.enqueue(key(owner));
                int minReady = minReadySeconds.applyAsInt(owner);
                if (minReady > 0 && !PodUtil.isReady(oldPod) && PodUtil.isReady(newPod)) {
                    queue.enqueueAfter(key(owner), Duration.ofSeconds(minReady + 1L));
                }
            }
            return;
        }
        if (labelsChanged || refChanged) {
            enqueueMatching(newPod);
        }
    }

    @Override
    public void onDelete(Pod pod) {
        T owner = controllers.controllerOf(pod);
        if (owner != null) {
            expectations.deletionObserved(key(owner), pod.getMetadata().getUid());
            queue.enqueue(key(owner));
        }
    }

    private void enqueueMatching(Pod orphan) {
        for (T owner : controllers.matching(orphan)) {
            queue.enqueue(key(owner));
        }
    }

    private static String key(HasMetadata owner) {
        return ObjectKey.of(owner).toString();
    }
}
