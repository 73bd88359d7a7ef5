package io.quarkube.controllermanager.statefulset;

import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.quarkube.api.client.ApiException;
import io.quarkube.api.events.EventRecorder;
import io.quarkube.api.json.Json;
import io.quarkube.controllermanager.controller.Lister;
import io.quarkube.controllermanager.controller.PodControl;

import java.util.Map;

/**
 * The pod and claim writes of the StatefulSet controller (Kubernetes' StatefulPodControl): a pod's claims are
 * created before the pod and never deleted with it; every write records the event Kubernetes records on the set
 * ("create Pod web-0 in StatefulSet web successful", "create Claim www-web-0 Pod web-0 in StatefulSet web
 * success").
 */
final class StatefulPodControl {
    private final PodControl pods;
    private final ClaimControl claims;
    private final Lister<PersistentVolumeClaim> claimLister;
    private final EventRecorder recorder;

    StatefulPodControl(PodControl pods, ClaimControl claims, Lister<PersistentVolumeClaim> claimLister,
                       EventRecorder recorder) {
        this.pods = pods;
        this.claims = claims;
        this.claimLister = claimLister;
        this.recorder = recorder;
    }

    /** Creates the missing claims, then the pod. False if the pod exists already (the cache lags): no event. */
    boolean create(StatefulSet set, Pod pod) {
        try {
            createMissingClaims(set, pod);
        } catch (RuntimeException e) {
            podEvent("create", set, pod, e);
            throw e;
        }
        try {
            pods.createPod(pod);
        } catch (ApiException e) {
            if (alreadyExists(e)) {
                return false;
            }
            podEvent("create", set, pod, e);
            throw e;
        } catch (RuntimeException e) {
            podEvent("create", set, pod, e);
            throw e;
        }
        podEvent("create", set, pod, null);
        return true;
    }

    /** Gives a live pod its identity and storage back and its claims the retention policy's references. */
    void update(StatefulSet set, Pod cached) {
        Pod pod = Json.copy(cached, Pod.class);
        boolean consistent = true;
        if (!StatefulPods.identityMatches(set, pod)) {
            StatefulPods.updateIdentity(set, pod);
            consistent = false;
        }
        try {
            if (!StatefulPods.storageMatches(set, pod)) {
                StatefulPods.updateStorage(set, pod);
                consistent = false;
                createMissingClaims(set, pod);
            }
            if (!claimsMatchRetentionPolicy(set, pod)) {
                updateClaimsForRetentionPolicy(set, pod);
            }
            if (consistent) {
                return;
            }
            pods.updatePod(pod);
        } catch (RuntimeException e) {
            podEvent("update", set, pod, e);
            throw e;
        }
        podEvent("update", set, pod, null);
    }

    /**
     * Deletes the pod (only that UID); its claims stay. A pod already gone, or replaced by one of another UID
     * (a lagging cache showed it again), is no error and no event.
     */
    void delete(StatefulSet set, Pod pod) {
        try {
            pods.deletePod(pod.getMetadata().getNamespace(), pod.getMetadata().getName(), pod.getMetadata().getUid());
        } catch (ApiException e) {
            if (e.isNotFound() || e.isConflict()) {
                return;
            }
            podEvent("delete", set, pod, e);
            throw e;
        } catch (RuntimeException e) {
            podEvent("delete", set, pod, e);
            throw e;
        }
        podEvent("delete", set, pod, null);
    }

    /**
     * True if a claim of this (not yet created) pod still names an earlier pod of the same name as owner: the
     * garbage collector is about to delete it (whenScaled=Delete), so wait rather than mount a dying claim.
     */
    boolean claimIsStale(StatefulSet set, Pod pod) {
        if (ClaimRetention.RETAIN.equals(ClaimRetention.policy(set).getWhenScaled())) {
            return false;
        }
        for (PersistentVolumeClaim claim : StatefulPods.claims(set, StatefulPods.ordinal(pod)).values()) {
            var existing = claimLister.get(claim.getMetadata().getNamespace(), claim.getMetadata().getName());
            if (existing.isPresent() && ClaimRetention.hasStalePodRef(existing.get(), pod)) {
                return true;
            }
        }
        return false;
    }

    /** Every existing claim of the pod has the references the policy asks (a missing one is created later). */
    boolean claimsMatchRetentionPolicy(StatefulSet set, Pod pod) {
        for (PersistentVolumeClaim claim : StatefulPods.claims(set, StatefulPods.ordinal(pod)).values()) {
            var existing = claimLister.get(claim.getMetadata().getNamespace(), claim.getMetadata().getName());
            if (existing.isPresent() && !ClaimRetention.upToDate(existing.get(), set, pod)) {
                return false;
            }
        }
        return true;
    }

    void updateClaimsForRetentionPolicy(StatefulSet set, Pod pod) {
        for (PersistentVolumeClaim claim : StatefulPods.claims(set, StatefulPods.ordinal(pod)).values()) {
            var existing = claimLister.get(claim.getMetadata().getNamespace(), claim.getMetadata().getName());
            if (existing.isPresent() && !ClaimRetention.upToDate(existing.get(), set, pod)) {
                PersistentVolumeClaim copy = Json.copy(existing.get(), PersistentVolumeClaim.class);
                ClaimRetention.update(copy, set, pod);
                claims.update(copy);
            }
        }
    }

    /** createPersistentVolumeClaims: those not in the cache are created; one being deleted is an error. */
    void createMissingClaims(StatefulSet set, Pod pod) {
        RuntimeException first = null;
        for (Map.Entry<String, PersistentVolumeClaim> entry : StatefulPods.claims(set, StatefulPods.ordinal(pod))
                .entrySet()) {
            PersistentVolumeClaim claim = entry.getValue();
            var existing = claimLister.get(claim.getMetadata().getNamespace(), claim.getMetadata().getName());
            if (existing.isPresent()) {
                if (existing.get().getMetadata().getDeletionTimestamp() != null && first == null) {
                    first = new IllegalStateException("pvc " + claim.getMetadata().getName() + " is being deleted");
                }
                continue;
            }
            claim.getMetadata().setOwnerReferences(ClaimRetention.initialRefs(set));
            try {
                claims.create(claim);
                claimEvent(set, pod, claim, null);
            } catch (ApiException e) {
                if (!alreadyExists(e)) {
                    claimEvent(set, pod, claim, e);
                    first = first == null ? new IllegalStateException("failed to create PVC "
                            + claim.getMetadata().getName() + ": " + e.getMessage(), e) : first;
                }
            }
        }
        if (first != null) {
            throw first;
        }
    }

    private void podEvent(String verb, StatefulSet set, Pod pod, RuntimeException error) {
        String reason = Character.toUpperCase(verb.charAt(0)) + verb.substring(1);
        if (error == null) {
            recorder.normal(set, "Successful" + reason, verb + " Pod " + pod.getMetadata().getName()
                    + " in StatefulSet " + set.getMetadata().getName() + " successful");
        } else {
            recorder.warning(set, "Failed" + reason, verb + " Pod " + pod.getMetadata().getName()
                    + " in StatefulSet " + set.getMetadata().getName() + " failed error: " + error.getMessage());
        }
    }

    private void claimEvent(StatefulSet set, Pod pod, PersistentVolumeClaim claim, RuntimeException error) {
        String name = claim.getMetadata().getName();
        if (error == null) {
            recorder.normal(set, "SuccessfulCreate", "create Claim " + name + " Pod " + pod.getMetadata().getName()
                    + " in StatefulSet " + set.getMetadata().getName() + " success");
        } else {
            recorder.warning(set, "FailedCreate", "create Claim " + name + " for Pod " + pod.getMetadata().getName()
                    + " in StatefulSet " + set.getMetadata().getName() + " failed error: " + error.getMessage());
        }
    }

    private static boolean alreadyExists(ApiException e) {
        return e.code() == 409 && "AlreadyExists".equals(e.reason());
    }
}
