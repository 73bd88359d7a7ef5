package io.quarkube.controllermanager.statefulset;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetPersistentVolumeClaimRetentionPolicy;
import io.quarkube.controllermanager.controller.ControllerRefs;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * spec.persistentVolumeClaimRetentionPolicy as ownerReferences on the claims, as Kubernetes sets them, so that
 * the garbage collector deletes what the policy says: whenDeleted=Delete makes the set the claim's controller,
 * whenScaled=Delete makes the pod its controller once the pod's ordinal is scaled away. Retain/Retain leaves
 * claims unowned. Claims whose references look stale, or that another controller owns, are left alone.
 */
final class ClaimRetention {
    static final String RETAIN = "Retain";
    static final String DELETE = "Delete";

    private ClaimRetention() {
    }

    static StatefulSetPersistentVolumeClaimRetentionPolicy policy(StatefulSet set) {
        var policy = set.getSpec().getPersistentVolumeClaimRetentionPolicy();
        String whenDeleted = policy == null || policy.getWhenDeleted() == null ? RETAIN : policy.getWhenDeleted();
        String whenScaled = policy == null || policy.getWhenScaled() == null ? RETAIN : policy.getWhenScaled();
        return new StatefulSetPersistentVolumeClaimRetentionPolicy(whenDeleted, whenScaled);
    }

    /** isClaimOwnerUpToDate: the claim's references to the set and pod are what the policy asks. */
    static boolean upToDate(PersistentVolumeClaim claim, StatefulSet set, Pod pod) {
        if (hasStaleRef(claim, set, StatefulPods.API_VERSION, StatefulPods.KIND) || hasStaleRef(claim, pod, "v1", "Pod")) {
            return true; // an earlier set or pod of the same name manages it: do not touch it
        }
        if (hasUnexpectedController(claim, set, pod)) {
            return !(hasRef(claim, set) || hasRef(claim, pod));
        }
        if (hasNonControllerRef(claim, set, pod)) {
            return false;
        }
        var policy = policy(set);
        boolean scaledDown = !StatefulPods.inOrdinalRange(pod, set);
        boolean wantSet = DELETE.equals(policy.getWhenDeleted()) && (!scaledDown || RETAIN.equals(policy.getWhenScaled()));
        boolean wantPod = DELETE.equals(policy.getWhenScaled()) && scaledDown;
        return hasRef(claim, set) == wantSet && hasRef(claim, pod) == wantPod;
    }

    /** updateClaimOwnerRefForSetAndPod: drops our references, then adds the ones the policy asks for. */
    static void update(PersistentVolumeClaim claim, StatefulSet set, Pod pod) {
        boolean unexpectedController = hasUnexpectedController(claim, set, pod);
        List<OwnerReference> refs = new ArrayList<>();
        if (claim.getMetadata().getOwnerReferences() != null) {
            for (OwnerReference ref : claim.getMetadata().getOwnerReferences()) {
                if (!matches(ref, set, StatefulPods.API_VERSION, StatefulPods.KIND) && !matches(ref, pod, "v1", "Pod")) {
                    refs.add(ref);
                }
            }
        }
        if (!unexpectedController) {
            var policy = policy(set);
            boolean scaledDown = !StatefulPods.inOrdinalRange(pod, set);
            if (DELETE.equals(policy.getWhenScaled()) && scaledDown) {
                refs.add(ControllerRefs.newControllerRef(pod, "v1", "Pod"));
            } else if (DELETE.equals(policy.getWhenDeleted())) {
                refs.add(ControllerRefs.newControllerRef(set, StatefulPods.API_VERSION, StatefulPods.KIND));
            }
        }
        claim.getMetadata().setOwnerReferences(refs);
    }

    /** The references a claim created for a pod in range starts with (the set's, for whenDeleted=Delete). */
    static List<OwnerReference> initialRefs(StatefulSet set) {
        return DELETE.equals(policy(set).getWhenDeleted())
                ? new ArrayList<>(List.of(ControllerRefs.newControllerRef(set, StatefulPods.API_VERSION,
                StatefulPods.KIND)))
                : new ArrayList<>();
    }

    /** The claim names this pod (by kind and name) with another UID: the pod it was kept for is gone. */
    static boolean hasStalePodRef(PersistentVolumeClaim claim, Pod pod) {
        return hasStaleRef(claim, pod, "v1", "Pod");
    }

    private static boolean hasUnexpectedController(PersistentVolumeClaim claim, StatefulSet set, Pod pod) {
        var policy = policy(set);
        if (RETAIN.equals(policy.getWhenScaled()) && RETAIN.equals(policy.getWhenDeleted())) {
            return false;
        }
        for (OwnerReference ref : refs(claim)) {
            if (matches(ref, set, StatefulPods.API_VERSION, StatefulPods.KIND)) {
                if (!Objects.equals(ref.getUid(), set.getMetadata().getUid())) {
                    return true;
                }
                continue;
            }
            if (matches(ref, pod, "v1", "Pod")) {
                if (!Objects.equals(ref.getUid(), pod.getMetadata().getUid())) {
                    return true;
                }
                continue;
            }
            if (Boolean.TRUE.equals(ref.getController())) {
                return true;
            }
        }
        return false;
    }

    private static boolean hasNonControllerRef(PersistentVolumeClaim claim, StatefulSet set, Pod pod) {
        return refs(claim).stream().anyMatch(ref -> (uidIs(ref, set) || uidIs(ref, pod))
                && !Boolean.TRUE.equals(ref.getController()));
    }

    private static boolean hasRef(PersistentVolumeClaim claim, HasMetadata owner) {
        return refs(claim).stream().anyMatch(ref -> uidIs(ref, owner));
    }

    private static boolean hasStaleRef(PersistentVolumeClaim claim, HasMetadata owner, String apiVersion,
                                       String kind) {
        return refs(claim).stream().filter(ref -> matches(ref, owner, apiVersion, kind)).findFirst()
                .map(ref -> !Objects.equals(ref.getUid(), owner.getMetadata().getUid())).orElse(false);
    }

    private static boolean uidIs(OwnerReference ref, HasMetadata owner) {
        return ref.getUid() != null && ref.getUid().equals(owner.getMetadata().getUid());
    }

    private static boolean matches(OwnerReference ref, HasMetadata owner, String apiVersion, String kind) {
        return apiVersion.equals(ref.getApiVersion()) && kind.equals(ref.getKind())
                && Objects.equals(ref.getName(), owner.getMetadata().getName());
    }

    private static List<OwnerReference> refs(PersistentVolumeClaim claim) {
        List<OwnerReference> refs = claim.getMetadata().getOwnerReferences();
        return refs == null ? List.of() : refs;
    }
}
