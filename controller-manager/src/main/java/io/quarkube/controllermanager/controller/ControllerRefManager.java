package io.quarkube.controllermanager.controller;

import io.quarkube.api.labels.LabelSelectors;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.quarkube.api.ObjectKey;
import io.quarkube.api.client.ApiException;
import io.quarkube.api.json.Json;
import org.jboss.logging.Logger;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * Decides which pods a controller owns: the ones already controlled by it whose labels still match its selector
 * (others are released), plus orphans matching its selector (adopted by adding its controller reference).
 * Pods controlled by someone else are never touched.
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
    public record Claim(List<Pod> owned, boolean retry) {
    }

    public Claim claimPods(HasMetadata owner, LabelSelector selector, List<Pod> pods,
                           Supplier<OwnerReference> controllerRef) {
        boolean ownerDeleting = owner.getMetadata().getDeletionTimestamp() != null;
        List<Pod> owned = new ArrayList<>();
        boolean retry = false;
        for (Pod pod : pods) {
            OwnerReference ref = ControllerRefs.controllerOf(pod);
            boolean matches = LabelSelectors.matches(selector, pod.getMetadata().getLabels());
            if (ref != null) {
                if (!ControllerRefs.isControlledBy(pod, owner)) {
                    continue;
                }
                if (matches) {
                    owned.add(pod);
                } else if (!ownerDeleting) {
                    retry |= !write(withoutRef(pod, owner), "released", owner);
                }
                continue;
            }
            if (matches && !ownerDeleting && pod.getMetadata().getDeletionTimestamp() == null) {
                Pod adopted = withRef(pod, controllerRef.get());
                if (write(adopted, "adopted", owner)) {
                    owned.add(adopted);
                } else {
                    retry = true;
                }
            }
        }
        return new Claim(owned, retry);
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

    private static Pod withRef(Pod pod, OwnerReference ref) {
        Pod copy = Json.copy(pod, Pod.class);
        List<OwnerReference> refs = copy.getMetadata().getOwnerReferences() == null ? new ArrayList<>()
                : new ArrayList<>(copy.getMetadata().getOwnerReferences());
        refs.add(ref);
        copy.getMetadata().setOwnerReferences(refs);
        return copy;
    }

    private static Pod withoutRef(Pod pod, HasMetadata owner) {
        Pod copy = Json.copy(pod, Pod.class);
        copy.getMetadata().getOwnerReferences().removeIf(r -> owner.getMetadata().getUid().equals(r.getUid()));
        return copy;
    }
}
