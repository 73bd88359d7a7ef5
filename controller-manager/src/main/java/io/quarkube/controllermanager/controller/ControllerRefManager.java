package io.quarkube.controllermanager.controller;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.quarkube.api.ObjectKey;
import io.quarkube.api.client.ApiException;
import io.quarkube.api.labels.LabelSelectors;
import org.jboss.logging.Logger;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Decides which objects (pods, a Deployment's ReplicaSets) a controller owns, as Kubernetes' ClaimObject: the
 * ones already controlled by it whose labels still match its selector (others are released), plus orphans
 * matching its selector (adopted by adding its controller reference). Objects controlled by someone else are
 * never touched; an owner being deleted neither adopts nor releases.
 */
public final class ControllerRefManager {
    private static final Logger LOG = Logger.getLogger(ControllerRefManager.class);

    private final PodControl podControl;

    public ControllerRefManager(PodControl podControl) {
        this.podControl = podControl;
    }

    /**
     * @param retry true when an adoption or release lost a race (409): sync again soon, as no event of the
     *              orphan may come to trigger it
     */
    public record Claim<T>(List<T> owned, boolean retry) {
    }

    /** How a claim writes its adoptions and releases (the caller decides what a 404 or 409 means). */
    public interface Writes<T> {
        /** The adopted object to own from now on, or null when the adoption lost a race (sync again). */
        T adopt(T withControllerRef);

        /** False when the release lost a race (sync again). */
        boolean release(T withoutControllerRef);
    }

    public Claim<Pod> claimPods(HasMetadata owner, LabelSelector selector, List<Pod> pods,
                                Supplier<OwnerReference> controllerRef) {
        return claimPods(owner, selector, pods, controllerRef, null);
    }

    /**
     * @param adoptionFinalizer added to a pod together with the controller reference when it is adopted (the
     *                          Job controller's tracking finalizer, so an adopted pod is counted too), or null
     */
    public Claim<Pod> claimPods(HasMetadata owner, LabelSelector selector, List<Pod> pods,
                                Supplier<OwnerReference> controllerRef, String adoptionFinalizer) {
        return claim(owner, selector, pods, controllerRef, () -> podControl.canAdoptFor(owner), new Writes<>() {
            @Override
            public Pod adopt(Pod pod) {
                List<String> finalizers = pod.getMetadata().getFinalizers();
                if (adoptionFinalizer != null && (finalizers == null || !finalizers.contains(adoptionFinalizer))) {
                    List<String> withFinalizer = finalizers == null ? new ArrayList<>() : new ArrayList<>(finalizers);
                    withFinalizer.add(adoptionFinalizer);
                    pod.getMetadata().setFinalizers(withFinalizer); // pod is claim()'s copy, not the cached one
                }
                return write(pod, "adopted", owner) ? pod : null;
            }

            @Override
            public boolean release(Pod pod) {
                return write(pod, "released", owner);
            }
        });
    }

    /**
     * @param canAdopt asked once, before the first adoption (Kubernetes rechecks the live owner there)
     */
    public static <T extends HasMetadata> Claim<T> claim(HasMetadata owner, LabelSelector selector, List<T> candidates,
                                                         Supplier<OwnerReference> controllerRef,
                                                         BooleanSupplier canAdopt, Writes<T> writes) {
        boolean ownerDeleting = owner.getMetadata().getDeletionTimestamp() != null;
        List<T> owned = new ArrayList<>();
        boolean retry = false;
        Boolean adoptable = null;
        for (T object : candidates) {
            boolean matches = LabelSelectors.matches(selector, object.getMetadata().getLabels());
            if (ControllerRefs.controllerOf(object) != null) {
                if (!ControllerRefs.isControlledBy(object, owner)) {
                    continue;
                }
                if (matches) {
                    owned.add(object);
                } else if (!ownerDeleting) {
                    retry |= !writes.release(ControllerRefs.withoutOwner(object, owner));
                }
                continue;
            }
            if (!matches || ownerDeleting || object.getMetadata().getDeletionTimestamp() != null) {
                continue;
            }
            if (adoptable == null) {
                adoptable = canAdopt.getAsBoolean();
            }
            if (!adoptable) {
                continue;
            }
            T adopted = writes.adopt(ControllerRefs.withOwnerRef(object, controllerRef.get()));
            if (adopted != null) {
                owned.add(adopted);
            } else {
                retry = true;
            }
        }
        return new Claim<>(owned, retry);
    }

    /** False if the pod changed meanwhile; true if written or gone (nothing left to do). */
    private boolean write(Pod changed, String verb, HasMetadata owner) {
        try {
            podControl.updatePod(changed);
            LOG.infof("%s %s %s pod %s", owner.getClass().getSimpleName(), ObjectKey.of(owner), verb,
                    changed.getMetadata().getName());
            return true;
        } catch (ApiException e) {
            if (e.isNotFound()) {
                return true;
            }
            if (e.isConflict()) {
                return false;
            }
            throw e;
        }
    }
}
