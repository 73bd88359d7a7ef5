package io.quarkube.controllermanager.job;

import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static io.quarkube.controllermanager.job.JobFixtures.exited;
import static io.quarkube.controllermanager.job.JobFixtures.indexed;
import static io.quarkube.controllermanager.job.JobFixtures.job;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class JobSuspendAndIndexedTest {

    @Test
    void aJobCreatedSuspendedHasNoPodsNoStartTimeAndTheSuspendedCondition() {
        Job spec = job(2, 2);
        spec.getSpec().setSuspend(true);
        JobHarness h = new JobHarness(spec);
        h.sync();
        assertTrue(h.podControl.created.isEmpty());
        assertNull(h.job().getStatus().getStartTime());
        var suspended = JobConditions.find(h.job(), "Suspended").orElseThrow();
        assertEquals("True", suspended.getStatus());
        assertEquals("JobSuspended", suspended.getReason());
        assertTrue(h.events.lines.contains("Normal Suspended: Job suspended"));
    }

    @Test
    void suspendingDeletesTheActivePodsUncountedAndResumingRestartsTheClock() {
        JobHarness h = new JobHarness(job(2, 2));
        h.sync();
        h.observeCreated();
        Job suspend = h.job();
        suspend.getSpec().setSuspend(true);
        h.jobs.put(suspend);
        h.clock.advance(Duration.ofMinutes(1));
        h.sync();
        assertEquals(2, h.podControl.deleted.size());
        assertTrue(h.podControl.updated.stream().allMatch(p -> p.getMetadata().getFinalizers().isEmpty()),
                "finalizers go first: a pod deleted for suspension is not a failure");
        assertEquals(0, h.job().getStatus().getActive());
        assertEquals("True", JobConditions.find(h.job(), "Suspended").orElseThrow().getStatus());

        h.observeUpdates();
        h.observeDeletions();
        h.sync();
        assertEquals(0, JobSync.orZero(h.job().getStatus().getFailed()));

        Job resume = h.job();
        resume.getSpec().setSuspend(false);
        h.jobs.put(resume);
        h.clock.advance(Duration.ofMinutes(1));
        h.sync();
        var condition = JobConditions.find(h.job(), "Suspended").orElseThrow();
        assertEquals("False", condition.getStatus());
        assertEquals("JobResumed", condition.getReason());
        assertEquals("2025-01-01T00:03:00Z", h.job().getStatus().getStartTime());
        assertTrue(h.events.reasons().contains("Resumed"));
    }

    @Test
    void anIndexedJobGivesEachPodItsIndexAndHostname() {
        JobHarness h = new JobHarness(indexed(5, 2));
        h.sync();
        assertEquals(2, h.podControl.created.size());
        Pod first = h.podControl.created.stream()
                .filter(p -> "0".equals(p.getMetadata().getAnnotations().get(JobPods.COMPLETION_INDEX))).findFirst()
                .orElseThrow();
        assertEquals("0", first.getMetadata().getLabels().get(JobPods.COMPLETION_INDEX));
        assertEquals("pi-0", first.getSpec().getHostname());
        assertEquals("pi-0-", first.getMetadata().getGenerateName());
        EnvVar env = first.getSpec().getContainers().get(0).getEnv().get(0);
        assertEquals("JOB_COMPLETION_INDEX", env.getName());
        assertEquals("metadata.labels['batch.kubernetes.io/job-completion-index']",
                env.getValueFrom().getFieldRef().getFieldPath());
    }

    @Test
    void anIndexedJobCompletesEveryIndexOnceAndReportsThemCompressed() {
        JobHarness h = new JobHarness(indexed(5, 2));
        int maxActive = 0;
        for (int round = 0; round < 10 && !JobConditions.isFinished(h.job()); round++) {
            h.sync();
            List<Pod> created = h.observeCreated();
            maxActive = Math.max(maxActive, (int) h.pods.list("default").stream()
                    .filter(io.quarkube.controllermanager.controller.PodUtil::isActive).count());
            if (round == 1) {
                assertEquals("0,1", h.job().getStatus().getCompletedIndexes());
            }
            for (Pod pod : created) {
                h.update(exited(pod, 0, h.clock.instant().toString()));
            }
            h.sync();
            h.observeUpdates();
        }
        h.sync();
        assertTrue(JobConditions.isComplete(h.job()));
        assertEquals("0-4", h.job().getStatus().getCompletedIndexes());
        assertEquals(5, h.job().getStatus().getSucceeded());
        assertEquals(5, h.podControl.created.size());
        assertEquals(2, maxActive);
    }

    @Test
    void aRepeatedIndexKeepsOnlyOnePod() {
        Job job = indexed(3, 3);
        JobHarness h = new JobHarness(job);
        h.pods.put(JobFixtures.indexedPod(job, 0, "a", "Running"), JobFixtures.indexedPod(job, 0, "b", "Pending"),
                JobFixtures.indexedPod(job, 1, "c", "Running"), JobFixtures.indexedPod(job, 2, "d", "Running"));
        h.sync();
        assertEquals(List.of("b"), h.deletedNames());
        assertFalse(h.podControl.created.iterator().hasNext());
    }
}
