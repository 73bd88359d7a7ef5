package io.quarkube.controllermanager.statefulset;

import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.apps.StatefulSetPersistentVolumeClaimRetentionPolicy;
import io.quarkube.controllermanager.controller.ControllerRefs;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Claim names and persistentVolumeClaimRetentionPolicy as ownerReferences, as Kubernetes sets them. */
class ClaimRetentionTest {
    private final StatefulHarness h = new StatefulHarness();

    private void policy(String whenDeleted, String whenScaled) {
        h.edit(s -> s.getSpec().setPersistentVolumeClaimRetentionPolicy(
                new StatefulSetPersistentVolumeClaimRetentionPolicy(whenDeleted, whenScaled)));
    }

    private List<String> owners(String claim) {
        return owners(h.claims.get("default", claim).orElseThrow());
    }

    private static List<String> owners(PersistentVolumeClaim claim) {
        List<OwnerReference> refs = claim.getMetadata().getOwnerReferences();
        return refs == null ? List.of() : refs.stream()
                .map(r -> r.getKind() + "/" + r.getName() + (Boolean.TRUE.equals(r.getController()) ? "*" : ""))
                .toList();
    }

    @Test
    void claimsAreNamedTemplateSetOrdinalAndRetainedByDefault() {
        h.sets.put(StatefulHarness.set(2));
        h.settle();
        assertEquals(List.of("www-web-0", "www-web-1"),
                h.claims.list("default").stream().map(c -> c.getMetadata().getName()).toList());
        h.edit(s -> s.getSpec().setReplicas(0));
        h.settle();
        assertTrue(h.pods.list("default").isEmpty());
        assertEquals(List.of(), owners("www-web-0"));
        assertEquals(List.of(), owners("www-web-1"));
    }

    @Test
    void whenDeletedDeleteMakesTheSetTheClaimsController() {
        h.sets.put(StatefulHarness.set(1));
        policy("Delete", "Retain");
        h.settle();
        assertEquals(List.of("StatefulSet/web*"), owners("www-web-0"));
    }

    @Test
    void whenScaledDeleteHandsTheCondemnedClaimToItsPodBeforeDeletingThePod() {
        h.sets.put(StatefulHarness.set(2));
        policy("Retain", "Delete");
        h.settle();
        assertEquals(List.of(), owners("www-web-1"));
        h.log.clear();
        h.edit(s -> s.getSpec().setReplicas(1));
        h.sync();
        assertEquals(List.of("claim~ www-web-1", "pod- web-1"), h.log);
        assertEquals(List.of("Pod/web-1*"), owners("www-web-1"));
        assertEquals(List.of(), owners("www-web-0"));
    }

    @Test
    void deleteDeleteMovesTheClaimFromTheSetToThePodOnScaleDown() {
        h.sets.put(StatefulHarness.set(2));
        policy("Delete", "Delete");
        h.settle();
        assertEquals(List.of("StatefulSet/web*"), owners("www-web-1"));
        h.edit(s -> s.getSpec().setReplicas(1));
        h.sync();
        assertEquals(List.of("Pod/web-1*"), owners("www-web-1"));
        assertEquals(List.of("StatefulSet/web*"), owners("www-web-0"));
    }

    @Test
    void changingThePolicyUpdatesTheClaimsOfRunningPods() {
        h.sets.put(StatefulHarness.set(1));
        h.settle();
        assertEquals(List.of(), owners("www-web-0"));
        policy("Delete", "Retain");
        h.settle();
        assertEquals(List.of("StatefulSet/web*"), owners("www-web-0"));
        policy("Retain", "Retain");
        h.settle();
        assertEquals(List.of(), owners("www-web-0"));
    }

    @Test
    void aClaimStillOwnedByAnEarlierPodIsNotReusedUntilItIsGone() {
        h.sets.put(StatefulHarness.set(1));
        policy("Retain", "Delete");
        h.settle();
        PersistentVolumeClaim dying = h.claims.get("default", "www-web-0").orElseThrow();
        OwnerReference ref = ControllerRefs.newControllerRef(h.pod("web-0"), "v1", "Pod");
        dying.getMetadata().setOwnerReferences(new ArrayList<>(List.of(ref))); // handed to its pod on a scale down
        h.deletePod("default", "web-0", h.pod("web-0").getMetadata().getUid());
        h.log.clear();
        h.sync();
        assertEquals(List.of(), h.podLog());
        h.claims.remove(dying); // the garbage collector deleted it
        h.sync();
        assertEquals(List.of("claim+ www-web-0", "pod+ web-0"), h.log);
    }

    @Test
    void upToDateFollowsThePolicyTable() {
        var set = StatefulHarness.set(1);
        var pod = StatefulPods.newPod(set, 0);
        pod.getMetadata().setUid("pod-uid");
        PersistentVolumeClaim claim = StatefulPods.claims(set, 0).get("www");
        assertTrue(ClaimRetention.upToDate(claim, set, pod));
        set.getSpec().setPersistentVolumeClaimRetentionPolicy(
                new StatefulSetPersistentVolumeClaimRetentionPolicy("Delete", "Delete"));
        assertFalse(ClaimRetention.upToDate(claim, set, pod));
        ClaimRetention.update(claim, set, pod);
        assertEquals(List.of("StatefulSet/web*"), owners(claim));
        set.getSpec().setReplicas(0); // ordinal 0 scaled away
        assertFalse(ClaimRetention.upToDate(claim, set, pod));
        ClaimRetention.update(claim, set, pod);
        assertEquals(List.of("Pod/web-0*"), owners(claim));
        assertTrue(ClaimRetention.upToDate(claim, set, pod));
        claim.getMetadata().getOwnerReferences().add(new OwnerReference("apps/v1", true, true, "ReplicaSet",
                "other", "other-uid"));
        assertFalse(ClaimRetention.upToDate(claim, set, pod), "another controller: ours must go");
        ClaimRetention.update(claim, set, pod);
        assertEquals(List.of("ReplicaSet/other*"), owners(claim));
        assertTrue(ClaimRetention.upToDate(claim, set, pod));
    }
}
