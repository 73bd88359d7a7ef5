package io.quarkube.controllermanager.job;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.quarkube.api.client.ApiException;
import io.quarkube.controllermanager.controller.Result;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.quarkube.controllermanager.job.JobFixtures.exited;
import static io.quarkube.controllermanager.job.JobFixtures.job;
import static io.quarkube.controllermanager.job.JobFixtures.ready;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class JobSyncTest {

    @Test
    void createsParallelismPodsWithTheTrackingFinalizerAndStartsTheClock() {
        JobHarness h = new JobHarness(job(5, 2));
        assertEquals(Result.done(), h.sync());

        assertEquals(2, h.podControl.created.size());
        Pod pod = h.podControl.created.get(0);
        assertEquals("pi-", pod.getMetadata().getGenerateName());
        assertEquals(List.of("batch.kubernetes.io/job-tracking"), pod.getMetadata().getFinalizers());
        assertEquals("pi", pod.getMetadata().getLabels().get("batch.kubernetes.io/job-name"));
        assertEquals("Job", pod.getMetadata().getOwnerReferences().get(0).getKind());
        assertTrue(pod.getMetadata().getOwnerReferences().get(0).getController());
        assertTrue(pod.getMetadata().getOwnerReferences().get(0).getBlockOwnerDeletion());
        assertEquals(2, h.job().getStatus().getActive());
        assertEquals("2025-01-01T00:01:00Z", h.job().getStatus().getStartTime());
        assertEquals(List.of("SuccessfulCreate", "SuccessfulCreate"), h.events.reasons());
    }

    @Test
    void anAdoptedOrphanGetsTheTrackingFinalizerSoItIsCounted() {
        JobHarness h = new JobHarness(job(1, 1));
        // left by a Job deleted with --cascade=orphan, its finalizer already removed; the new Job selects it
        Pod orphan = JobFixtures.withoutFinalizer(JobFixtures.pod(h.job(), "pi-old", "Running"));
        orphan.getMetadata().setOwnerReferences(new java.util.ArrayList<>());
        h.pods.put(orphan);
        h.sync();

        Pod adopted = h.podControl.updated.get(0);
        assertEquals("pi-old", adopted.getMetadata().getName());
        assertEquals("Job", adopted.getMetadata().getOwnerReferences().get(0).getKind());
        assertEquals(List.of("batch.kubernetes.io/job-tracking"), adopted.getMetadata().getFinalizers());
        assertEquals(0, h.podControl.created.size(), "the adopted pod is the one active pod");
    }

    @Test
    void aLaggingCacheNeverCausesASecondCreation() {
        JobHarness h = new JobHarness(job(5, 2));
        h.sync();
        h.sync(); // the created pods are not in the cache yet
        assertEquals(2, h.podControl.created.size());
        h.observeCreated();
        h.sync();
        assertEquals(2, h.podControl.created.size());
    }

    @Test
    void completesWithSuccessCriteriaMetThenCompleteCountingThePodOnce() {
        JobHarness h = new JobHarness(job(1, 1));
        h.sync();
        Pod pod = h.observeCreated().get(0);
        h.update(exited(pod, 0, "2025-01-01T00:01:05Z"));
        h.clock.advance(java.time.Duration.ofSeconds(10));
        h.writes.clear();
        h.sync();

        // first write: the pod is uncounted and success is decided, before its finalizer goes
        Job first = h.writes.get(0);
        assertEquals(List.of(uid(pod)), first.getStatus().getUncountedTerminatedPods().getSucceeded());
        assertEquals(List.of("SuccessCriteriaMet"), types(first));
        // then the finalizer is removed and the pod counted; Complete only after that
        assertEquals(1, h.podControl.updated.size());
        assertTrue(h.podControl.updated.get(0).getMetadata().getFinalizers().isEmpty());
        Job last = h.job();
        assertEquals(1, last.getStatus().getSucceeded());
        assertTrue(last.getStatus().getUncountedTerminatedPods().getSucceeded().isEmpty());
        assertEquals(List.of("SuccessCriteriaMet", "Complete"), types(last));
        assertEquals("CompletionsReached", JobConditions.find(last, "Complete").orElseThrow().getReason());
        assertEquals("2025-01-01T00:01:10Z", last.getStatus().getCompletionTime());
        assertEquals(0, last.getStatus().getActive());
        assertTrue(h.events.lines.contains("Normal Completed: Job completed"), String.valueOf(h.events.lines));
        assertTrue(JobConditions.isFinished(last));
    }

    @Test
    void aPodWhoseFinalizerRemovalIsNotSeenYetIsNotCountedAgain() {
        JobHarness h = new JobHarness(job(3, 1));
        h.sync();
        Pod pod = h.observeCreated().get(0);
        h.update(exited(pod, 0, "2025-01-01T00:01:05Z"));
        h.sync();
        assertEquals(1, h.job().getStatus().getSucceeded());

        h.sync(); // the cache still shows the finalizer
        assertEquals(1, h.job().getStatus().getSucceeded());
        h.observeUpdates();
        h.sync();
        assertEquals(1, h.job().getStatus().getSucceeded());
        assertEquals(2, h.podControl.created.size()); // the next completion's pod
    }

    @Test
    void aFailedFinalizerRemovalKeepsThePodUncountedAndItIsCountedOnceLater() {
        JobHarness h = new JobHarness(job(3, 1));
        h.sync();
        Pod pod = h.observeCreated().get(0);
        h.update(exited(pod, 0, "2025-01-01T00:01:05Z"));
        h.podControl.updateError = new ApiException(409, null, "conflict");
        assertThrows(ApiException.class, h::sync);
        assertEquals(List.of(uid(pod)), h.job().getStatus().getUncountedTerminatedPods().getSucceeded());
        assertEquals(0, JobSync.orZero(h.job().getStatus().getSucceeded()));

        h.podControl.updateError = null;
        h.sync();
        assertEquals(1, h.job().getStatus().getSucceeded());
        assertTrue(h.job().getStatus().getUncountedTerminatedPods().getSucceeded().isEmpty());
        h.sync();
        assertEquals(1, h.job().getStatus().getSucceeded());
    }

    @Test
    void aWorkQueueJobIsDoneWhenOneSucceededAndNoneIsActive() {
        JobHarness h = new JobHarness(job(null, 2));
        h.sync();
        List<Pod> pods = h.observeCreated();
        h.update(exited(pods.get(0), 0, "2025-01-01T00:01:05Z"));
        h.update(ready(JobFixtures.pod(h.job(), pods.get(1).getMetadata().getName(), "Running")));
        h.sync();
        assertEquals(2, h.podControl.created.size()); // no replacement once one succeeded
        assertFalse(JobConditions.isFinished(h.job()));
        assertEquals(1, h.job().getStatus().getReady());

        h.update(exited(h.pod(pods.get(1).getMetadata().getName()), 0, "2025-01-01T00:01:07Z"));
        h.sync();
        assertTrue(JobConditions.isComplete(h.job()));
        assertEquals(2, h.job().getStatus().getSucceeded());
    }

    @Test
    void lowerParallelismDeletesTheSurplusAfterRemovingTheirFinalizers() {
        JobHarness h = new JobHarness(job(10, 3));
        h.sync();
        h.observeCreated();
        Job lower = h.job();
        lower.getSpec().setParallelism(1);
        h.jobs.put(lower);
        h.sync();
        assertEquals(2, h.podControl.deleted.size());
        assertEquals(2, h.podControl.updated.size());
        assertTrue(h.podControl.updated.stream().allMatch(p -> p.getMetadata().getFinalizers().isEmpty()));
        assertEquals(1, h.job().getStatus().getActive());
        assertEquals(2, h.job().getStatus().getTerminating());
        assertTrue(h.events.reasons().contains("SuccessfulDelete"), String.valueOf(h.events.reasons()));
    }

    @Test
    void aDeletedRunningPodCountsAsFailedAndIsReplacedUnlessOnlyFailuresAreReplaced() {
        JobHarness h = new JobHarness(job(1, 1));
        h.sync();
        Pod pod = h.observeCreated().get(0);
        Pod deleting = JobFixtures.pod(h.job(), pod.getMetadata().getName(), "Running");
        deleting.getMetadata().setDeletionTimestamp("2025-01-01T00:01:30Z");
        h.update(deleting);
        h.sync();
        assertEquals(1, h.job().getStatus().getFailed());
        assertEquals(1, h.job().getStatus().getTerminating());

        JobHarness failedOnly = new JobHarness(job(1, 1));
        Job policy = failedOnly.job();
        policy.getSpec().setPodReplacementPolicy("Failed");
        failedOnly.jobs.put(policy);
        failedOnly.sync();
        Pod other = failedOnly.observeCreated().get(0);
        Pod terminating = JobFixtures.pod(failedOnly.job(), other.getMetadata().getName(), "Running");
        terminating.getMetadata().setDeletionTimestamp("2025-01-01T00:01:30Z");
        failedOnly.update(terminating);
        failedOnly.sync();
        assertEquals(1, failedOnly.podControl.created.size()); // waits for it to fail
        assertEquals(0, JobSync.orZero(failedOnly.job().getStatus().getFailed()));
    }

    @Test
    void aDeletedJobIsForgottenAndAFinishedOneLeftAlone() {
        JobHarness h = new JobHarness(job(1, 1));
        h.sync();
        h.jobs.remove(h.job());
        assertEquals(Result.done(), h.sync());

        JobHarness finished = new JobHarness(job(1, 1));
        Job done = finished.job();
        JobConditions.append(done, JobConditions.newCondition("Complete", "True", "CompletionsReached", "",
                finished.clock.instant()));
        finished.jobs.put(done);
        finished.sync();
        assertTrue(finished.podControl.created.isEmpty());
        assertTrue(finished.writes.isEmpty());
    }

    static List<String> types(Job job) {
        return JobConditions.conditions(job).stream().map(c -> c.getType()).toList();
    }

    static String uid(Pod pod) {
        return pod.getMetadata().getUid();
    }
}
