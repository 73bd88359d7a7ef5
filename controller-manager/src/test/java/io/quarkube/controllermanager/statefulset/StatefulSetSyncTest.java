package io.quarkube.controllermanager.statefulset;

import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.apps.StatefulSetStatus;
import io.quarkube.controllermanager.controller.Result;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Creation order, Parallel, scale down and replacement of finished pods, against an in-memory api-server. */
class StatefulSetSyncTest {
    private final StatefulHarness h = new StatefulHarness();

    @Test
    void orderedReadyCreatesEachOrdinalOnlyOnceThePreviousIsRunningAndReady() {
        h.sets.put(StatefulHarness.set(3));
        assertEquals(Result.done(), h.sync());
        assertEquals(List.of("pod+ web-0"), h.podLog());

        h.sync();
        h.phase("web-0", "Running"); // running but not ready yet
        h.sync();
        assertEquals(List.of("pod+ web-0"), h.podLog());

        h.ready("web-0");
        h.sync();
        assertEquals(List.of("pod+ web-0", "pod+ web-1"), h.podLog());
        h.ready("web-1");
        h.sync();
        h.ready("web-2");
        h.sync();
        assertEquals(List.of("pod+ web-0", "pod+ web-1", "pod+ web-2"), h.podLog());
        assertTrue(h.events.lines.contains("Normal SuccessfulCreate: create Pod web-0 in StatefulSet web successful"),
                h.events.lines::toString);
        assertTrue(h.events.lines.contains(
                "Normal SuccessfulCreate: create Claim www-web-0 Pod web-0 in StatefulSet web success"), h.events.lines::toString);
    }

    @Test
    void podsGetAStableIdentityAndTheirClaimIsCreatedFirst() {
        h.sets.put(StatefulHarness.set(1));
        h.sync();
        assertEquals(List.of("claim+ www-web-0", "pod+ web-0"),
                h.log.stream().filter(l -> !l.startsWith("revision")).toList());
        Pod pod = h.pod("web-0");
        assertEquals("web-0", pod.getSpec().getHostname());
        assertEquals("nginx", pod.getSpec().getSubdomain());
        Map<String, String> labels = pod.getMetadata().getLabels();
        assertEquals("web-0", labels.get("statefulset.kubernetes.io/pod-name"));
        assertEquals("0", labels.get("apps.kubernetes.io/pod-index"));
        assertEquals("web", labels.get("app"));
        assertEquals(h.set().getStatus().getUpdateRevision(), labels.get("controller-revision-hash"));
        OwnerReference ref = pod.getMetadata().getOwnerReferences().get(0);
        assertEquals(List.of("StatefulSet", "web", "uid-web", true),
                List.of(ref.getKind(), ref.getName(), ref.getUid(), ref.getController()));
        Volume www = pod.getSpec().getVolumes().stream().filter(v -> v.getName().equals("www")).findFirst()
                .orElseThrow();
        assertEquals("www-web-0", www.getPersistentVolumeClaim().getClaimName());
        var claim = h.claims.get("default", "www-web-0").orElseThrow();
        assertEquals("web", claim.getMetadata().getLabels().get("app"));
        assertTrue(claim.getMetadata().getOwnerReferences().isEmpty(), "Retain: the claim outlives set and pod");
        assertEquals("1Gi", claim.getSpec().getResources().getRequests().get("storage").toString());
    }

    @Test
    void parallelCreatesEveryPodWithoutWaiting() {
        h.sets.put(StatefulHarness.set(3));
        h.edit(s -> s.getSpec().setPodManagementPolicy("Parallel"));
        h.sync();
        assertEquals(List.of("pod+ web-0", "pod+ web-1", "pod+ web-2"), h.podLog().stream().sorted().toList());
        assertEquals(3, h.claims.list("default").size());
    }

    @Test
    void scaleDownDeletesFromTheHighestOrdinalOneAtATimeWhileTheOthersAreHealthy() {
        h.sets.put(StatefulHarness.set(3));
        h.settle();
        h.edit(s -> s.getSpec().setReplicas(1));
        h.sync();
        assertEquals(List.of("pod+ web-0", "pod+ web-1", "pod+ web-2", "pod- web-2"), h.podLog());
        h.phase("web-0", "Pending"); // an unhealthy survivor blocks the next deletion
        h.sync();
        assertFalse(h.podLog().contains("pod- web-1"));
        h.ready("web-0");
        h.sync();
        assertEquals(List.of("pod+ web-0", "pod+ web-1", "pod+ web-2", "pod- web-2", "pod- web-1"), h.podLog());
        assertEquals(3, h.claims.list("default").size(), "claims outlive their pods");
        assertTrue(h.events.lines.contains("Normal SuccessfulDelete: delete Pod web-2 in StatefulSet web successful"));
    }

    @Test
    void parallelScaleDownDeletesAllCondemnedAtOnce() {
        h.sets.put(StatefulHarness.set(3));
        h.edit(s -> s.getSpec().setPodManagementPolicy("Parallel"));
        h.settle();
        h.edit(s -> s.getSpec().setReplicas(0));
        h.phase("web-2", "Pending"); // Parallel does not wait for healthy pods
        h.sync();
        assertTrue(h.pods.list("default").isEmpty());
    }

    @Test
    void aFailedPodIsDeletedAndRecreatedUnderTheSameNameWithTheSameClaim() {
        h.sets.put(StatefulHarness.set(2));
        h.settle();
        String oldUid = h.pod("web-1").getMetadata().getUid();
        h.phase("web-1", "Failed");
        h.sync();
        assertNull(h.pod("web-1"));
        h.sync();
        Pod replacement = h.pod("web-1");
        assertNotEquals(oldUid, replacement.getMetadata().getUid());
        assertEquals("www-web-1", replacement.getSpec().getVolumes().get(0).getPersistentVolumeClaim().getClaimName());
        assertEquals(1, h.log.stream().filter(l -> l.equals("claim+ www-web-1")).count());
        assertTrue(h.events.lines.contains("Normal SuccessfulDelete: delete Pod web-1 in StatefulSet web successful"));
    }

    @Test
    void aSucceededPodIsReplacedToo() {
        h.sets.put(StatefulHarness.set(1));
        h.settle();
        h.phase("web-0", "Succeeded");
        h.sync();
        h.sync();
        assertEquals(List.of("pod+ web-0", "pod- web-0", "pod+ web-0"), h.podLog());
    }

    @Test
    void statusCountsWhatRolloutStatusReads() {
        h.sets.put(StatefulHarness.set(3));
        h.sync();
        assertEquals(0, h.set().getStatus().getReplicas(), "counted from the pods seen before this pass");
        h.sync();
        StatefulSetStatus first = h.set().getStatus();
        assertEquals(1, first.getReplicas());
        assertEquals(0, first.getReadyReplicas());
        assertEquals(1L, first.getObservedGeneration());
        assertEquals(0, first.getCollisionCount());
        h.settle();
        StatefulSetStatus done = h.set().getStatus();
        assertEquals(List.of(3, 3, 3, 3, 3), List.of(done.getReplicas(), done.getReadyReplicas(),
                done.getAvailableReplicas(), done.getCurrentReplicas(), done.getUpdatedReplicas()));
        assertEquals(done.getUpdateRevision(), done.getCurrentRevision());
        assertTrue(done.getCurrentRevision().startsWith("web-"), done.getCurrentRevision());
    }

    @Test
    void aPodThatExistsAlthoughTheCacheDoesNotShowItIsNotAnError() {
        h.sets.put(StatefulHarness.set(1));
        Pod stale = StatefulPods.newPod(h.set(), 0);
        h.createPod(stale);
        stale.setStatus(null); // the cache shows it without a phase: not created as far as the sync can tell
        h.pods.put(stale);
        assertEquals(Result.done(), h.sync());
        assertTrue(h.events.reasons().stream().noneMatch(r -> r.startsWith("Failed")), h.events.lines::toString);
    }
}
