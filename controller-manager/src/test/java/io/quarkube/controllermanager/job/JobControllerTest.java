package io.quarkube.controllermanager.job;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.quarkube.api.json.Json;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static io.quarkube.controllermanager.job.JobFixtures.job;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The informer handlers: which Job a pod event wakes up, when, and which expectations it lowers. */
class JobControllerTest {

    @Test
    void aCreatedPodIsObservedAndWakesItsJobBatched() {
        JobHarness h = new JobHarness(job(2, 2));
        h.expectations.expectCreations(JobHarness.KEY, 1);
        assertFalse(h.expectations.satisfied(JobHarness.KEY));
        h.handlers.addPod(JobFixtures.pod(h.job(), "a", "Pending"));
        assertTrue(h.expectations.satisfied(JobHarness.KEY));
        assertEquals(List.of("default/pi after PT1S"), h.queue.delayed);
    }

    @Test
    void aSpecChangeSyncsAtOnceAStatusChangeIsBatched() {
        JobHarness h = new JobHarness(job(2, 2));
        Job old = h.job();
        Job status = Json.copy(old, Job.class);
        status.getStatus().setActive(2);
        h.handlers.updateJob(old, status);
        assertEquals(List.of("default/pi after PT1S"), h.queue.delayed);
        Job spec = Json.copy(old, Job.class);
        spec.getMetadata().setGeneration(2L);
        h.handlers.updateJob(old, spec);
        assertEquals(List.of("default/pi"), h.queue.keys);
    }

    @Test
    void aNewDeadlineWakesTheJobWhenItExpires() {
        JobHarness h = new JobHarness(job(1, 1));
        Job old = h.job();
        old.getStatus().setStartTime("2025-01-01T00:00:30Z");
        Job changed = Json.copy(old, Job.class);
        changed.getSpec().setActiveDeadlineSeconds(60L);
        changed.getMetadata().setGeneration(2L);
        h.handlers.updateJob(old, changed); // now is 00:01:00: 30 s are left
        assertTrue(h.queue.delayed.contains("default/pi after " + Duration.ofSeconds(30)), h.queue.delayed.toString());
    }

    @Test
    void aFinalizerRemovalSeenInTheCacheIsNoLongerExpected() {
        JobHarness h = new JobHarness(job(2, 2));
        Pod pod = JobFixtures.pod(h.job(), "a", "Succeeded");
        h.finalizerExpectations.expectRemovals(JobHarness.KEY, List.of("uid-a"));
        Pod without = JobFixtures.withoutFinalizer(Json.copy(pod, Pod.class));
        without.getMetadata().setResourceVersion("6");
        h.handlers.updatePod(pod, without);
        assertTrue(h.finalizerExpectations.expected(JobHarness.KEY).isEmpty());
    }

    @Test
    void aDeletionIsObservedOnceAndOrphansWakeMatchingJobs() {
        JobHarness h = new JobHarness(job(2, 2));
        Pod pod = JobFixtures.pod(h.job(), "a", "Running");
        h.expectations.expectDeletions(JobHarness.KEY, List.of("uid-a"));
        Pod deleting = Json.copy(pod, Pod.class);
        deleting.getMetadata().setDeletionTimestamp("2025-01-01T00:01:00Z");
        deleting.getMetadata().setResourceVersion("9");
        h.handlers.updatePod(pod, deleting);
        assertTrue(h.expectations.satisfied(JobHarness.KEY));

        Pod orphan = JobFixtures.pod(h.job(), "b", "Pending");
        orphan.getMetadata().setOwnerReferences(List.of());
        h.queue.delayed.clear();
        h.handlers.addPod(orphan);
        assertEquals(List.of("default/pi after PT1S"), h.queue.delayed);
    }
}
