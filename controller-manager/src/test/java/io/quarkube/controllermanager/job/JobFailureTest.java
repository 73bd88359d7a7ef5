package io.quarkube.controllermanager.job;

import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.PodFailurePolicyBuilder;
import io.quarkube.controllermanager.controller.Result;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static io.quarkube.controllermanager.job.JobFixtures.exited;
import static io.quarkube.controllermanager.job.JobFixtures.job;
import static io.quarkube.controllermanager.job.JobSyncTest.types;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** backoffLimit with its re-creation delay, activeDeadlineSeconds, podFailurePolicy, restartPolicy OnFailure. */
class JobFailureTest {

    /** Runs one pod to failure at the current time and syncs. */
    private static Result failOne(JobHarness h, int exitCode) {
        Pod pod = h.observeCreated().get(0);
        h.update(exited(pod, exitCode, h.clock.instant().toString()));
        return h.sync();
    }

    @Test
    void aFailedPodIsReplacedAfterADelayThatDoublesFromTenSeconds() {
        JobHarness h = new JobHarness(job(1, 1));
        h.sync();
        assertEquals(Result.requeueAfter(Duration.ofSeconds(10)), failOne(h, 1));
        assertEquals(1, h.job().getStatus().getFailed());
        assertEquals(1, h.podControl.created.size()); // not yet

        h.clock.advance(Duration.ofSeconds(9));
        assertEquals(Result.requeueAfter(Duration.ofSeconds(1)), h.sync());
        assertEquals(1, h.podControl.created.size());
        h.clock.advance(Duration.ofSeconds(1));
        h.sync();
        assertEquals(2, h.podControl.created.size());

        assertEquals(Result.requeueAfter(Duration.ofSeconds(20)), failOne(h, 1));
        h.clock.advance(Duration.ofSeconds(20));
        h.sync();
        assertEquals(3, h.podControl.created.size());
        assertEquals(Result.requeueAfter(Duration.ofSeconds(40)), failOne(h, 1));
    }

    @Test
    void theDelayIsCappedAtSixMinutesAndASuccessResetsIt() {
        BackoffRecords.Record record = new BackoffRecords.Record("k", 12, java.time.Instant.parse("2025-01-01T00:00:00Z"));
        var clock = new io.quarkube.api.testing.MutableClock(java.time.Instant.parse("2025-01-01T00:00:00Z"));
        assertEquals(Duration.ofMinutes(6), record.remaining(clock, BackoffRecords.DEFAULT_BACKOFF, BackoffRecords.MAX_BACKOFF));
        assertEquals(Duration.ofSeconds(80), new BackoffRecords.Record("k", 4, clock.instant())
                .remaining(clock, BackoffRecords.DEFAULT_BACKOFF, BackoffRecords.MAX_BACKOFF));

        Job job = job(3, 1);
        BackoffRecords records = new BackoffRecords();
        Pod failed = exited(JobFixtures.pod(job, "a", "Failed"), 1, "2025-01-01T00:00:10Z");
        Pod succeeded = exited(JobFixtures.pod(job, "b", "Succeeded"), 0, "2025-01-01T00:00:20Z");
        records.update(records.next("k", List.of(), List.of(failed)));
        assertEquals(1, records.next("k", List.of(), List.of()).failuresAfterLastSuccess());
        assertEquals(0, records.next("k", List.of(succeeded), List.of()).failuresAfterLastSuccess());
    }

    @Test
    void failsWithBackoffLimitExceededOnceFailuresPassTheLimit() {
        Job spec = job(1, 1);
        spec.getSpec().setBackoffLimit(1);
        JobHarness h = new JobHarness(spec);
        h.sync();
        failOne(h, 1);
        h.clock.advance(Duration.ofSeconds(10));
        h.sync();
        h.writes.clear();
        failOne(h, 1);

        assertEquals(List.of("FailureTarget"), types(h.writes.get(0)));
        Job failed = h.job();
        assertEquals(List.of("FailureTarget", "Failed"), types(failed));
        assertEquals("BackoffLimitExceeded", JobConditions.find(failed, "Failed").orElseThrow().getReason());
        assertEquals("Job has reached the specified backoff limit",
                JobConditions.find(failed, "Failed").orElseThrow().getMessage());
        assertEquals(2, failed.getStatus().getFailed());
        assertEquals(null, failed.getStatus().getCompletionTime());
        assertTrue(h.events.lines.contains("Warning BackoffLimitExceeded: Job has reached the specified backoff limit"));
        assertEquals(2, h.podControl.created.size());
    }

    @Test
    void activeDeadlineDeletesTheActivePodsAndFailsOnceTheyAreGone() {
        Job spec = job(1, 1);
        spec.getSpec().setActiveDeadlineSeconds(30L);
        JobHarness h = new JobHarness(spec);
        assertEquals(Result.requeueAfter(Duration.ofSeconds(30)), h.sync());
        Pod pod = h.observeCreated().get(0);
        h.update(JobFixtures.pod(h.job(), pod.getMetadata().getName(), "Running"));
        h.clock.advance(Duration.ofSeconds(12));
        assertEquals(Result.requeueAfter(Duration.ofSeconds(18)), h.sync());

        h.clock.advance(Duration.ofSeconds(18));
        h.sync();
        assertEquals(List.of(pod.getMetadata().getName()), h.deletedNames());
        assertEquals(List.of("FailureTarget"), types(h.job()));
        assertEquals(1, h.job().getStatus().getTerminating());
        assertFalse(JobConditions.isFinished(h.job())); // its pod is still terminating

        h.observeDeletions(); // deletionTimestamp set; the finalizer holds it
        h.sync();
        assertEquals(1, h.job().getStatus().getFailed()); // counted, finalizer removed
        h.observeUpdates();
        Pod stopped = exited(h.pod(pod.getMetadata().getName()), 137, h.clock.instant().toString());
        h.update(stopped);
        h.observeUpdates();
        h.pods.remove(stopped); // the kubelet confirmed; no finalizer left
        h.sync();
        Job failed = h.job();
        assertEquals(List.of("FailureTarget", "Failed"), types(failed));
        assertEquals("DeadlineExceeded", JobConditions.find(failed, "Failed").orElseThrow().getReason());
        assertEquals(1, failed.getStatus().getFailed());
        assertEquals(0, failed.getStatus().getActive());
        assertTrue(h.events.reasons().contains("DeadlineExceeded"), String.valueOf(h.events.lines));
    }

    @Test
    void aFailJobRuleFailsTheJobAtOnce() {
        Job spec = job(3, 1);
        spec.getSpec().setPodFailurePolicy(new PodFailurePolicyBuilder().addNewRule().withAction("FailJob")
                .withNewOnExitCodes().withOperator("In").withValues(42).endOnExitCodes().endRule().build());
        JobHarness h = new JobHarness(spec);
        h.sync();
        failOne(h, 42);
        Job failed = h.job();
        assertEquals(List.of("FailureTarget", "Failed"), types(failed));
        var condition = JobConditions.find(failed, "Failed").orElseThrow();
        assertEquals("PodFailurePolicy", condition.getReason());
        assertEquals("Container pi for pod default/pi-1 failed with exit code 42 matching FailJob rule at index 0",
                condition.getMessage());
        assertTrue(h.events.reasons().contains("PodFailurePolicy"));
    }

    @Test
    void anIgnoreRuleDoesNotCountTheFailureAndACountRuleDoes() {
        Job spec = job(1, 1);
        spec.getSpec().setBackoffLimit(0);
        spec.getSpec().setPodFailurePolicy(new PodFailurePolicyBuilder()
                .addNewRule().withAction("Ignore").addNewOnPodCondition().withType("DisruptionTarget")
                .withStatus("True").endOnPodCondition().endRule()
                .addNewRule().withAction("Count").withNewOnExitCodes().withOperator("In").withValues(3)
                .endOnExitCodes().endRule().build());
        JobHarness h = new JobHarness(spec);
        h.sync();
        Pod pod = h.observeCreated().get(0);
        Pod disrupted = exited(pod, 137, h.clock.instant().toString());
        disrupted.getStatus().setConditions(new ArrayList<>(List.of(
                new PodCondition(null, null, null, null, null, "True", "DisruptionTarget"))));
        h.update(disrupted);
        h.sync();
        assertEquals(0, JobSync.orZero(h.job().getStatus().getFailed()));
        assertFalse(JobConditions.isFinished(h.job()));
        h.clock.advance(Duration.ofSeconds(10)); // the backoff still applies, as in Kubernetes
        h.sync();
        assertEquals(2, h.podControl.created.size());

        h.observeUpdates();
        failOne(h, 3); // Count: counts towards backoffLimit 0
        assertTrue(JobConditions.isFailed(h.job()));
        assertEquals("BackoffLimitExceeded", JobConditions.find(h.job(), "Failed").orElseThrow().getReason());
    }

    @Test
    void underOnFailureContainerRestartsCountAgainstTheLimitAndThePodIsNotReplaced() {
        Job spec = job(1, 1);
        spec.getSpec().setBackoffLimit(2);
        spec.getSpec().getTemplate().getSpec().setRestartPolicy("OnFailure");
        JobHarness h = new JobHarness(spec);
        h.sync();
        Pod pod = h.observeCreated().get(0);
        Pod restarted = JobFixtures.pod(h.job(), pod.getMetadata().getName(), "Running");
        restarted.getStatus().setContainerStatuses(new ArrayList<>(List.of(new ContainerStatusBuilder()
                .withName("pi").withRestartCount(1).withNewState().withNewRunning().endRunning().endState().build())));
        h.update(restarted);
        h.sync();
        assertEquals(1, h.podControl.created.size()); // the kubelet restarts it in place
        assertFalse(JobConditions.isFinished(h.job()));

        restarted.getStatus().getContainerStatuses().get(0).setRestartCount(2);
        h.update(restarted);
        h.sync();
        assertEquals(List.of(pod.getMetadata().getName()), h.deletedNames());
        assertEquals(List.of("FailureTarget"), types(h.job()));
        assertEquals("BackoffLimitExceeded", JobConditions.find(h.job(), "FailureTarget").orElseThrow().getReason());
    }
}
