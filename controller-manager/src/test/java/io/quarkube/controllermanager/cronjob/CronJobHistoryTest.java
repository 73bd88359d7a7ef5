package io.quarkube.controllermanager.cronjob;

import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.quarkube.api.client.ApiException;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static io.quarkube.controllermanager.cronjob.CronJobFixtures.cronJob;
import static io.quarkube.controllermanager.cronjob.CronJobFixtures.finished;
import static io.quarkube.controllermanager.cronjob.CronJobFixtures.job;
import static io.quarkube.controllermanager.cronjob.CronJobFixtures.names;
import static io.quarkube.controllermanager.cronjob.CronJobFixtures.withActive;
import static io.quarkube.controllermanager.cronjob.CronJobHarness.CREATED;
import static io.quarkube.controllermanager.cronjob.CronJobHarness.jobName;
import static io.quarkube.controllermanager.cronjob.CronJobHarness.time;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** successfulJobsHistoryLimit / failedJobsHistoryLimit: the oldest finished Jobs beyond them are deleted. */
class CronJobHistoryTest {
    private final CronJobHarness h = new CronJobHarness();
    private final CronJob cj = cronJob("0 * * * *", CREATED);

    /** Jobs of the given minutes past midnight, finished with the given condition ("" = still running). */
    private List<Job> jobs(String condition, int... minutes) {
        List<Job> out = new ArrayList<>();
        for (int m : minutes) {
            Instant scheduled = time("00:00:00").plusSeconds(60L * m);
            Job j = job(cj, scheduled);
            out.add(condition.isEmpty() ? j : finished(j, condition, scheduled.plusSeconds(30)));
        }
        out.forEach(h.jobs::put);
        return out;
    }

    @Test
    void theOldestSuccessfulJobsBeyondTheLimitAreDeleted() {
        h.cronJobs.put(cj); // limits 3 successful, 1 failed
        jobs("Complete", 5, 1, 4, 2, 3); // started in minute order, listed in another
        h.at("00:10:00");
        h.sync();
        assertEquals(List.of(jobName(1), jobName(2)), h.control.deleted);
        assertEquals(List.of("Normal SuccessfulDelete: Deleted job " + jobName(1),
                "Normal SuccessfulDelete: Deleted job " + jobName(2)), h.events.lines);
    }

    @Test
    void failedJobsHaveTheirOwnLimitAndRunningJobsAreNeverCounted() {
        cj.getSpec().setSuccessfulJobsHistoryLimit(2);
        cj.getSpec().setFailedJobsHistoryLimit(1);
        h.cronJobs.put(cj);
        jobs("Complete", 1, 2);
        jobs("Failed", 3, 4, 5);
        jobs("", 6, 7);
        h.at("00:10:00");
        h.sync();
        assertEquals(List.of(jobName(3), jobName(4)), h.control.deleted);
    }

    @Test
    void aLimitOfZeroKeepsNoFinishedJob() {
        cj.getSpec().setSuccessfulJobsHistoryLimit(0);
        cj.getSpec().setFailedJobsHistoryLimit(0);
        h.cronJobs.put(cj);
        jobs("Complete", 1);
        jobs("Failed", 2);
        h.at("00:10:00");
        h.sync();
        assertEquals(List.of(jobName(1), jobName(2)), h.control.deleted);
    }

    @Test
    void noLimitsKeepEverything() {
        cj.getSpec().setSuccessfulJobsHistoryLimit(null);
        cj.getSpec().setFailedJobsHistoryLimit(null);
        h.cronJobs.put(cj);
        jobs("Complete", 1, 2, 3, 4, 5);
        h.at("00:10:00");
        h.sync();
        assertTrue(h.control.deleted.isEmpty());
    }

    @Test
    void jobsWithoutAStartTimeAreTheNewest() {
        cj.getSpec().setSuccessfulJobsHistoryLimit(1);
        h.cronJobs.put(cj);
        List<Job> done = jobs("Complete", 1, 2);
        done.get(0).getStatus().setStartTime(null);
        h.at("00:10:00");
        h.sync();
        assertEquals(List.of(jobName(2)), h.control.deleted);
    }

    @Test
    void aDeletedJobAlsoLeavesTheActiveList() {
        cj.getSpec().setSuccessfulJobsHistoryLimit(0);
        List<Job> done = jobs("Complete", 1);
        cj.getStatus().setLastScheduleTime("2025-01-01T00:00:00Z");
        h.cronJobs.put(withActive(cj, done.get(0)));
        h.at("00:10:00");
        h.sync();
        assertEquals(List.of(jobName(1)), h.control.deleted);
        assertEquals(List.of(), names(h.control.lastStatus().getStatus().getActive()));
        assertEquals("2025-01-01T00:01:30Z", h.control.lastStatus().getStatus().getLastSuccessfulTime());
    }

    @Test
    void aFailedDeleteIsAWarningAndTheRestGoesOn() {
        cj.getSpec().setSuccessfulJobsHistoryLimit(1);
        h.cronJobs.put(cj);
        jobs("Complete", 1, 2);
        h.control.deleteError = new ApiException(500, null, "storage unavailable");
        h.at("00:10:00");
        h.sync();
        assertEquals(List.of("Warning FailedDelete: Deleted job: storage unavailable"), h.events.lines);
    }

    @Test
    void keepsTheLimitsAsTheScheduleRuns() {
        CronJob everyMinute = cronJob("* * * * *", CREATED);
        everyMinute.getSpec().setSuccessfulJobsHistoryLimit(2);
        h.cronJobs.put(everyMinute);
        for (int minute = 1; minute <= 5; minute++) {
            h.at(String.format("00:%02d:01", minute));
            h.sync();
            h.observeWrites();
            // each Job completes within its minute
            Job created = h.control.liveJobs.get(jobName(minute));
            finished(created, "Complete", time(String.format("00:%02d:30", minute)));
            created.getStatus().setStartTime(time(String.format("00:%02d:02", minute)).toString());
            h.jobs.put(created);
        }
        h.at("00:05:40");
        h.sync();
        h.observeWrites();
        assertEquals(List.of(jobName(1), jobName(2), jobName(3)), h.control.deleted);
        assertEquals(List.of(jobName(4), jobName(5)), h.control.liveJobs.keySet().stream().sorted().toList());
        assertEquals("2025-01-01T00:05:30Z", h.control.lastStatus().getStatus().getLastSuccessfulTime());
    }
}
