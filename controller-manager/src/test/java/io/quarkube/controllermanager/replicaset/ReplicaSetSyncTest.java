package io.quarkube.controllermanager.replicaset;

import io.quarkube.api.testing.MutableClock;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.quarkube.api.client.ApiException;
import io.quarkube.controllermanager.Fixtures;
import io.quarkube.controllermanager.MapLister;
import io.quarkube.controllermanager.RecordingEnqueuer;
import io.quarkube.controllermanager.controller.Expectations;
import io.quarkube.controllermanager.controller.FakePodControl;
import io.quarkube.controllermanager.controller.Result;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.quarkube.controllermanager.Fixtures.pod;
import static io.quarkube.controllermanager.Fixtures.ready;
import static io.quarkube.controllermanager.Fixtures.replicaSet;
import static io.quarkube.controllermanager.Fixtures.running;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ReplicaSetSyncTest {
    private static final String KEY = "default/web";

    private final MutableClock clock = new MutableClock(java.time.Instant.parse("2025-01-01T00:10:00Z"));
    private final MapLister<ReplicaSet> replicaSets = new MapLister<>();
    private final MapLister<Pod> pods = new MapLister<>();
    private final FakePodControl podControl = new FakePodControl();
    private final List<ReplicaSet> statusWrites = new ArrayList<>();
    private final Expectations expectations = new Expectations(clock, Duration.ofMinutes(5));
    private ReplicaSetStatusWriter statusWriter = rs -> {
        statusWrites.add(rs);
        return rs;
    };
    private final ReplicaSetSync sync = new ReplicaSetSync(replicaSets, pods, podControl,
            rs -> statusWriter.updateStatus(rs), expectations, clock, Runnable::run, 500);
    /** The event handlers, to feed observations into the expectations as the informer would. */
    private final ReplicaSetController handlers =
            new ReplicaSetController(replicaSets, expectations, new RecordingEnqueuer());

    private List<String> deletedNames() {
        return podControl.deleted.stream().map(d -> d.substring("default/".length(), d.indexOf('@'))).toList();
    }

    @Test
    void createsTheMissingReplicasFromTheTemplate() {
        ReplicaSet rs = replicaSet("web", 3);
        replicaSets.put(rs);
        assertEquals(Result.done(), sync.sync(KEY));

        assertEquals(3, podControl.created.size());
        OwnerReference expectedRef = new OwnerReference("apps/v1", true, true, "ReplicaSet", "web", "uid-web");
        for (Pod pod : podControl.created) {
            assertEquals("web-", pod.getMetadata().getGenerateName());
            assertEquals("default", pod.getMetadata().getNamespace());
            assertEquals(Map.of("app", "web", "tier", "front"), pod.getMetadata().getLabels());
            assertEquals(Map.of("note", "from-template"), pod.getMetadata().getAnnotations());
            assertEquals(List.of(expectedRef), pod.getMetadata().getOwnerReferences());
            assertEquals("nginx", pod.getSpec().getContainers().get(0).getImage());
        }
        // the cached template is not shared with the new pods
        assertTrue(podControl.created.get(0).getSpec() != rs.getSpec().getTemplate().getSpec());
        assertEquals(1, statusWrites.size());
        assertEquals(0, statusWrites.get(0).getStatus().getReplicas());
        assertEquals(2L, statusWrites.get(0).getStatus().getObservedGeneration());
    }

    @Test
    void expectationsPreventDoubleCreationWhileTheCacheLags() {
        replicaSets.put(replicaSet("web", 3));
        sync.sync(KEY);
        sync.sync(KEY); // the informer has not shown the new pods yet
        assertEquals(3, podControl.created.size());

        // the pods arrive through the informer
        for (int i = 0; i < 3; i++) {
            Pod created = pod("web-" + i, replicaSet("web", 3), "2025-01-01T00:09:00Z");
            pods.put(created);
            handlers.podHandler().onAdd(created);
        }
        sync.sync(KEY);
        assertEquals(3, podControl.created.size());
    }

    @Test
    void expectationsExpireSoALostEventCannotStallTheReplicaSet() {
        replicaSets.put(replicaSet("web", 2));
        sync.sync(KEY);
        clock.advance(Duration.ofMinutes(4));
        sync.sync(KEY);
        assertEquals(2, podControl.created.size());
        clock.advance(Duration.ofMinutes(2)); // the creations were never observed
        sync.sync(KEY);
        assertEquals(4, podControl.created.size());
    }

    @Test
    void deletesTheSurplusChoosingVictimsAsKubernetesDoes() {
        ReplicaSet rs = replicaSet("web", 1);
        replicaSets.put(rs);
        pods.put(ready(pod("a-old-ready", rs, "2025-01-01T00:00:00Z"), "n1", "2025-01-01T00:01:00Z"),
                pod("b-unassigned", rs, "2025-01-01T00:00:00Z"),
                running(pod("c-not-ready", rs, "2025-01-01T00:00:00Z"), "n2"));
        sync.sync(KEY);
        assertEquals(List.of("b-unassigned", "c-not-ready"), deletedNames());
        assertTrue(podControl.deleted.get(0).endsWith("@uid-b-unassigned"), "UID precondition");
        assertEquals(0, podControl.created.size());
    }

    @Test
    void amongEqualPodsTheNewestIsDeletedFirst() {
        ReplicaSet rs = replicaSet("web", 2);
        replicaSets.put(rs);
        pods.put(ready(pod("old", rs, "2025-01-01T00:00:00Z"), "n1", "2025-01-01T00:01:00Z"),
                ready(pod("new", rs, "2025-01-01T00:05:00Z"), "n2", "2025-01-01T00:01:00Z"),
                ready(pod("mid", rs, "2025-01-01T00:02:00Z"), "n3", "2025-01-01T00:01:00Z"));
        sync.sync(KEY);
        assertEquals(List.of("new"), deletedNames());
    }

    @Test
    void deletionExpectationsWaitForTheDeletionsToBeSeen() {
        ReplicaSet rs = replicaSet("web", 1);
        replicaSets.put(rs);
        Pod a = pod("a", rs, "2025-01-01T00:00:00Z");
        Pod b = pod("b", rs, "2025-01-01T00:01:00Z");
        Pod c = pod("c", rs, "2025-01-01T00:02:00Z");
        pods.put(a, b, c);
        sync.sync(KEY);
        assertEquals(List.of("c", "b"), deletedNames());

        replicaSets.put(replicaSet("web", 0)); // scaled down again before the deletions are seen
        sync.sync(KEY);
        assertEquals(2, podControl.deleted.size());

        for (Pod deleted : List.of(b, c)) {
            Pod terminating = pod(deleted.getMetadata().getName(), rs, deleted.getMetadata().getCreationTimestamp());
            terminating.getMetadata().setDeletionTimestamp("2025-01-01T00:10:00Z");
            pods.put(terminating);
            handlers.podHandler().onUpdate(deleted, terminating);
        }
        sync.sync(KEY);
        assertEquals(List.of("c", "b", "a"), deletedNames());
    }

    @Test
    void slowStartStopsAfterAFailingBatchAndForgetsWhatWasNotCreated() {
        replicaSets.put(replicaSet("web", 10));
        podControl.createError = new ApiException(403, null, "quota exceeded");
        podControl.createsBeforeError = 2;
        assertThrows(ApiException.class, () -> sync.sync(KEY));
        // batch of 1 succeeded, batch of 2 had one failure: stop
        assertEquals(2, podControl.created.size());
        // only the 2 created pods are still expected
        handlers.podHandler().onAdd(pod("web-1", replicaSet("web", 10), null));
        assertTrue(!expectations.satisfied(KEY));
        handlers.podHandler().onAdd(pod("web-2", replicaSet("web", 10), null));
        assertTrue(expectations.satisfied(KEY));
    }

    @Test
    void aFailedCreationShowsAsReplicaFailureUntilASyncSucceeds() {
        replicaSets.put(replicaSet("web", 2));
        podControl.createError = new ApiException(403, null, "exceeded quota: pods");
        assertThrows(ApiException.class, () -> sync.sync(KEY));

        var condition = statusWrites.get(0).getStatus().getConditions().get(0);
        assertEquals("ReplicaFailure", condition.getType());
        assertEquals("True", condition.getStatus());
        assertEquals("FailedCreate", condition.getReason());
        assertEquals("exceeded quota: pods", condition.getMessage());
        assertEquals("2025-01-01T00:10:00Z", condition.getLastTransitionTime());

        replicaSets.put(statusWrites.get(0)); // the cache shows the written status
        podControl.createError = null;
        sync.sync(KEY);
        assertEquals(2, podControl.created.size());
        assertTrue(statusWrites.get(statusWrites.size() - 1).getStatus().getConditions().isEmpty());
    }

    @Test
    void aTerminatingNamespaceIsNotAFailure() {
        replicaSets.put(replicaSet("web", 2));
        io.fabric8.kubernetes.api.model.Status refused = new io.fabric8.kubernetes.api.model.StatusBuilder()
                .withCode(403).withReason("Forbidden").withNewDetails()
                .addNewCause().withReason("NamespaceTerminating").withField("metadata.namespace").endCause()
                .endDetails().build();
        podControl.createError = new ApiException(403, refused, "unable to create new content in namespace default");

        assertEquals(Result.done(), sync.sync(KEY), "no retry: every create would fail the same way");
        assertTrue(statusWrites.get(0).getStatus().getConditions().isEmpty(), "no ReplicaFailure");
    }

    @Test
    void statusCountsReadyAndAvailablePods() {
        ReplicaSet rs = replicaSet("web", 3);
        rs.getSpec().setMinReadySeconds(10);
        replicaSets.put(rs);
        Pod unlabelled = pod("c-pending", rs, "2025-01-01T00:00:00Z");
        unlabelled.getMetadata().getLabels().remove("tier");
        Pod finished = ready(pod("d-done", rs, "2025-01-01T00:00:00Z"), "n1", "2025-01-01T00:00:00Z");
        finished.getStatus().setPhase("Succeeded");
        Pod foreign = pod("e-foreign", replicaSet("other", 1), "2025-01-01T00:00:00Z");
        pods.put(ready(pod("a-available", rs, "2025-01-01T00:00:00Z"), "n1", "2025-01-01T00:00:00Z"),
                ready(pod("b-just-ready", rs, "2025-01-01T00:00:00Z"), "n2", "2025-01-01T00:09:55Z"),
                unlabelled, finished, foreign);

        assertEquals(Result.done(), sync.sync(KEY));
        var status = statusWrites.get(0).getStatus();
        assertEquals(3, status.getReplicas());
        assertEquals(2, status.getFullyLabeledReplicas());
        assertEquals(2, status.getReadyReplicas());
        assertEquals(1, status.getAvailableReplicas());
        assertEquals(2L, status.getObservedGeneration());
        assertEquals(0, podControl.created.size());
    }

    @Test
    void allReadyButNotYetAvailableSyncsAgainAfterMinReadySeconds() {
        ReplicaSet rs = replicaSet("web", 1);
        rs.getSpec().setMinReadySeconds(10);
        replicaSets.put(rs);
        pods.put(ready(pod("a", rs, "2025-01-01T00:00:00Z"), "n1", "2025-01-01T00:09:55Z"));
        assertEquals(Result.requeueAfter(Duration.ofSeconds(10)), sync.sync(KEY));
    }

    @Test
    void statusIsWrittenOnlyWhenItChanges() {
        ReplicaSet rs = replicaSet("web", 1);
        replicaSets.put(rs);
        pods.put(ready(pod("a", rs, "2025-01-01T00:00:00Z"), "n1", "2025-01-01T00:00:00Z"));
        sync.sync(KEY);
        assertEquals(1, statusWrites.size());
        replicaSets.put(statusWrites.get(0)); // the informer shows the written status
        sync.sync(KEY);
        assertEquals(1, statusWrites.size());
    }

    @Test
    void statusConflictRequeues() {
        replicaSets.put(replicaSet("web", 0));
        statusWriter = rs -> {
            throw new ApiException(409, null, "the object has been modified");
        };
        assertSame(Result.requeue(), sync.sync(KEY));
    }

    @Test
    void adoptsAMatchingOrphan() {
        ReplicaSet rs = replicaSet("web", 1);
        replicaSets.put(rs);
        pods.put(pod("orphan", null, "2025-01-01T00:00:00Z"));
        sync.sync(KEY);
        assertEquals(1, podControl.updated.size());
        Pod adopted = podControl.updated.get(0);
        assertEquals("orphan", adopted.getMetadata().getName());
        assertEquals("uid-web", adopted.getMetadata().getOwnerReferences().get(0).getUid());
        assertEquals(true, adopted.getMetadata().getOwnerReferences().get(0).getController());
        assertEquals(0, podControl.created.size(), "the adopted pod counts as a replica");
        assertTrue(pods.get("default", "orphan").get().getMetadata().getOwnerReferences().isEmpty(),
                "the cached pod is not mutated");
    }

    @Test
    void anOwnerDeletedMeanwhileAdoptsNothing() {
        replicaSets.put(replicaSet("web", 1));
        pods.put(pod("orphan", null, "2025-01-01T00:00:00Z"));
        podControl.ownerCurrent = false; // deleted with --cascade=orphan; the cache does not show it yet
        sync.sync(KEY);
        assertEquals(0, podControl.updated.size(), "the orphan is not handed to an owner that is going away");
    }

    @Test
    void doesNotTouchPodsOfOtherControllersOrPodsThatDoNotMatch() {
        replicaSets.put(replicaSet("web", 1));
        Pod unmatched = pod("unmatched", null, "2025-01-01T00:00:00Z");
        unmatched.getMetadata().setLabels(Map.of("app", "db"));
        pods.put(pod("foreign", replicaSet("other", 1), "2025-01-01T00:00:00Z"), unmatched);
        sync.sync(KEY);
        assertEquals(0, podControl.updated.size());
        assertEquals(1, podControl.created.size());
    }

    @Test
    void adoptionConflictRetriesBeforeCounting() {
        replicaSets.put(replicaSet("web", 1));
        pods.put(pod("orphan", null, "2025-01-01T00:00:00Z"));
        podControl.updateError = new ApiException(409, null, "changed");
        assertSame(Result.requeue(), sync.sync(KEY));
        assertEquals(0, podControl.created.size());
    }

    @Test
    void releasesAnOwnedPodWhoseLabelsNoLongerMatch() {
        ReplicaSet rs = replicaSet("web", 1);
        replicaSets.put(rs);
        Pod relabelled = pod("debug-me", rs, "2025-01-01T00:00:00Z");
        relabelled.getMetadata().setLabels(Map.of("app", "debugging"));
        pods.put(relabelled);
        sync.sync(KEY);
        assertTrue(podControl.updated.get(0).getMetadata().getOwnerReferences().isEmpty());
        assertEquals(1, podControl.created.size());
    }

    @Test
    void replicaSetBeingDeletedGetsNoNewPods() {
        ReplicaSet rs = replicaSet("web", 3);
        rs.getMetadata().setDeletionTimestamp("2025-01-01T00:10:00Z");
        replicaSets.put(rs);
        sync.sync(KEY);
        assertEquals(0, podControl.created.size());
    }

    @Test
    void replicaSetWithoutSelectorIsLeftAlone() {
        ReplicaSet rs = replicaSet("web", 1);
        rs.getSpec().setSelector(null);
        replicaSets.put(rs);
        pods.put(pod("owned", replicaSet("web", 1), "2025-01-01T00:00:00Z"));
        assertEquals(Result.done(), sync.sync(KEY));
        assertTrue(podControl.updated.isEmpty() && podControl.created.isEmpty());
    }

    @Test
    void goneReplicaSetIsNothingToDo() {
        assertEquals(Result.done(), sync.sync(KEY));
        assertTrue(podControl.created.isEmpty() && podControl.deleted.isEmpty() && statusWrites.isEmpty());
    }
}
