package io.quarkube.controllermanager.job;

import io.fabric8.kubernetes.api.model.batch.v1.Job;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Optional;

import static io.quarkube.controllermanager.job.JobFixtures.job;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class JobConditionsTest {
    private static final Instant T = Instant.parse("2025-01-01T00:05:00.123Z");

    @Test
    void onlyATrueCompleteOrFailedConditionFinishesAJob() {
        Job job = job(1, 1);
        assertFalse(JobConditions.isFinished(job));
        JobConditions.append(job, JobConditions.newCondition("SuccessCriteriaMet", "True", "CompletionsReached", "", T));
        assertFalse(JobConditions.isFinished(job), "the interim condition is not the end");
        JobConditions.append(job, JobConditions.newCondition("Complete", "True", "CompletionsReached", "", T));
        assertTrue(JobConditions.isFinished(job));
        assertEquals(Optional.of("Complete"), JobConditions.finishedType(job));
        assertEquals(Optional.of(Instant.parse("2025-01-01T00:05:00Z")), JobConditions.finishTime(job));

        Job failed = job(1, 1);
        JobConditions.append(failed, JobConditions.newCondition("Failed", "False", "x", "", T));
        assertFalse(JobConditions.isFinished(failed));
    }

    @Test
    void ensureReplacesAChangedConditionAndNeverAddsAFalseOne() {
        Job job = job(1, 1);
        assertFalse(JobConditions.ensure(job, "Suspended", "False", "JobResumed", "Job resumed", T));
        assertTrue(JobConditions.ensure(job, "Suspended", "True", "JobSuspended", "Job suspended", T));
        assertFalse(JobConditions.ensure(job, "Suspended", "True", "JobSuspended", "Job suspended", T));
        assertTrue(JobConditions.ensure(job, "Suspended", "False", "JobResumed", "Job resumed", T));
        assertEquals(1, JobConditions.conditions(job).size());
        assertEquals("False", JobConditions.find(job, "Suspended").orElseThrow().getStatus());
    }
}
