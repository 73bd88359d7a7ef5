package io.quarkube.controllermanager.cronjob;

import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.quarkube.api.client.ApiException;
import io.quarkube.controllermanager.controller.Result;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static io.quarkube.controllermanager.cronjob.CronJobFixtures.cronJob;
import static io.quarkube.controllermanager.cronjob.CronJobFixtures.job;
import static io.quarkube.controllermanager.cronjob.CronJobFixtures.names;
import static io.quarkube.controllermanager.cronjob.CronJobFixtures.withActive;
import static io.quarkube.controllermanager.cronjob.CronJobHarness.CREATED;
import static io.quarkube.controllermanager.cronjob.CronJobHarness.jobName;
import static io.quarkube.controllermanager.cronjob.CronJobHarness.time;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** concurrencyPolicy, suspend, startingDeadlineSeconds, missed runs, time zones and bad schedules. */
class CronJobPolicyTest {
    private final CronJobHarness h = new CronJobHarness();

    /** A "* * * * *" CronJob with the 00:01 Job still running, at 00:02:01. */
    private Job runningAt0001(String policy) {
        CronJob cj = cronJob("* * * * *", CREATED);
        cj.getSpec().setConcurrencyPolicy(policy);
        cj.getStatus().setLastScheduleTime("2025-01-01T00:01:00Z");
        Job running = job(cj, time("00:01:00"));
        h.cronJobs.put(withActive(cj, running));
        h.jobs.put(running);
        h.control.liveJobs.put(running.getMetadata().getName(), running);
        h.at("00:02:01");
        return running;
    }

    @Test
    void allowStartsTheNextJobBesideTheRunningOne() {
        runningAt0001("Allow");
        h.sync();
        assertEquals(List.of(jobName(2)), h.control.created.stream().map(j -> j.getMetadata().getName()).toList());
        assertEquals(List.of(jobName(1), jobName(2)), names(h.control.lastStatus().getStatus().getActive()));
    }

    @Test
    void forbidSkipsTheTimeWhileAJobRuns() {
        runningAt0001("Forbid");
        assertEquals(Result.requeueAfter(Duration.ofMillis(59_100)), h.sync());
        assertTrue(h.control.created.isEmpty());
        assertTrue(h.control.statusWrites.isEmpty());
        assertEquals(List.of("Normal JobAlreadyActive: Not starting job because prior execution is running and "
                + "concurrency policy is Forbid"), h.events.lines);
    }

    @Test
    void forbidStartsOnceTheRunningJobFinished() {
        Job running = runningAt0001("Forbid");
        h.jobs.put(CronJobFixtures.finished(running, "Complete", time("00:02:30")));
        h.at("00:02:40"); // the Job's update event: 00:02 is still due (no deadline)
        h.sync();
        assertEquals(List.of(jobName(2)), h.control.created.stream().map(j -> j.getMetadata().getName()).toList());
        assertEquals(List.of(jobName(2)), names(h.control.lastStatus().getStatus().getActive()));
        assertEquals(List.of("SawCompletedJob", "SuccessfulCreate"), h.events.reasons());
    }

    @Test
    void replaceDeletesTheRunningJobThenStartsTheNext() {
        runningAt0001("Replace");
        h.sync();
        assertEquals(List.of(jobName(1)), h.control.deleted);
        assertEquals(List.of(jobName(2)), h.control.created.stream().map(j -> j.getMetadata().getName()).toList());
        assertEquals(List.of(jobName(2)), names(h.control.lastStatus().getStatus().getActive()));
        assertEquals(List.of("Normal SuccessfulDelete: Deleted job " + jobName(1),
                "Normal SuccessfulCreate: Created job " + jobName(2)), h.events.lines);
    }

    @Test
    void replaceThatCannotDeleteStartsNothing() {
        runningAt0001("Replace");
        h.control.deleteError = new ApiException(500, null, "etcd is down");
        assertThrows(IllegalStateException.class, h::sync);
        assertTrue(h.control.created.isEmpty());
        assertEquals(List.of("Warning FailedDelete: Deleted job: etcd is down"), h.events.lines);
    }

    @Test
    void suspendedCronJobsStartNothingUntilResumed() {
        CronJob cj = cronJob("* * * * *", CREATED);
        cj.getSpec().setSuspend(true);
        h.cronJobs.put(cj);
        h.at("00:03:01");
        assertEquals(Result.done(), h.sync()); // the update that resumes it wakes it
        assertTrue(h.control.created.isEmpty());
        cj.getSpec().setSuspend(false);
        h.sync();
        assertEquals(List.of(jobName(3)), h.control.created.stream().map(j -> j.getMetadata().getName()).toList());
    }

    @Test
    void suspendedCronJobsStillTrackTheirJobs() {
        CronJob cj = cronJob("* * * * *", CREATED);
        cj.getSpec().setSuspend(true);
        cj.getStatus().setLastScheduleTime("2025-01-01T00:01:00Z");
        Job done = CronJobFixtures.finished(job(cj, time("00:01:00")), "Complete", time("00:01:30"));
        h.cronJobs.put(withActive(cj, done));
        h.jobs.put(done);
        h.at("00:03:01");
        h.sync();
        assertEquals(List.of(), names(h.control.lastStatus().getStatus().getActive()));
    }

    @Test
    void afterMissedTimesOnlyTheLatestRuns() {
        h.cronJobs.put(cronJob("* * * * *", CREATED));
        h.at("00:05:30");
        h.sync();
        assertEquals(List.of(jobName(5)), h.control.created.stream().map(j -> j.getMetadata().getName()).toList());
        assertEquals(List.of("SuccessfulCreate"), h.events.reasons());
    }

    @Test
    void moreThanAHundredMissedTimesWarnAndStartOnlyTheLatest() {
        h.cronJobs.put(cronJob("* * * * *", CREATED));
        h.at("03:20:30");
        h.sync();
        assertEquals(List.of(jobName(200)), h.control.created.stream().map(j -> j.getMetadata().getName()).toList());
        assertEquals(List.of("Warning TooManyMissedTimes: too many missed start times. Set or decrease "
                + ".spec.startingDeadlineSeconds or check clock skew",
                "Normal SuccessfulCreate: Created job " + jobName(200)), h.events.lines);
        assertEquals("2025-01-01T03:20:00Z", h.control.lastStatus().getStatus().getLastScheduleTime());
    }

    @Test
    void aTimeOlderThanTheStartingDeadlineIsNotStarted() {
        CronJob cj = cronJob("*/10 * * * *", CREATED);
        cj.getSpec().setStartingDeadlineSeconds(30L);
        h.cronJobs.put(cj);
        h.at("00:10:45"); // 00:10 is 45 s late: past its 30 s deadline
        assertEquals(Result.requeueAfter(Duration.ofMillis(555_100)), h.sync());
        assertTrue(h.control.created.isEmpty());
        h.at("00:20:29"); // 29 s late: within it
        h.sync();
        assertEquals(List.of(jobName(20)), h.control.created.stream().map(j -> j.getMetadata().getName()).toList());
    }

    @Test
    void aLongOutageWithADeadlineIsNoTooManyMissedWarning() {
        CronJob cj = cronJob("* * * * *", CREATED);
        cj.getSpec().setStartingDeadlineSeconds(200L);
        h.cronJobs.put(cj);
        h.at("05:00:30");
        h.sync();
        assertEquals(List.of("SuccessfulCreate"), h.events.reasons());
        assertEquals(List.of(jobName(300)), h.control.created.stream().map(j -> j.getMetadata().getName()).toList());
    }

    @Test
    void theTimeZoneSetsTheWallClockAndTheScheduledTimestamp() {
        CronJob cj = cronJob("0 9 * * *", CREATED);
        cj.getSpec().setTimeZone("Europe/Berlin");
        h.cronJobs.put(cj);
        h.at("07:59:59");
        assertEquals(Result.requeueAfter(Duration.ofMillis(1_100)), h.sync());
        h.at("08:00:01"); // 09:00 in Berlin (CET, +01:00)
        h.sync();
        Job job = h.control.created.get(0);
        assertEquals(jobName(480), job.getMetadata().getName());
        assertEquals("2025-01-01T09:00:00+01:00",
                job.getMetadata().getAnnotations().get("batch.kubernetes.io/cronjob-scheduled-timestamp"));
        assertEquals("2025-01-01T08:00:00Z", h.control.lastStatus().getStatus().getLastScheduleTime());
    }

    @Test
    void withoutATimeZoneTheControllerClockZoneIsUsed() {
        h.cronJobs.put(cronJob("0 9 * * *", CREATED)); // the MutableClock is UTC, as production's
        h.at("09:00:01");
        h.sync();
        assertEquals(jobName(540), h.control.created.get(0).getMetadata().getName());
    }

    @Test
    void badTimeZonesAndSchedulesAreWarningsNotRetries() {
        CronJob cj = cronJob("* * * * *", CREATED);
        cj.getSpec().setTimeZone("Mars/Olympus");
        h.cronJobs.put(cj);
        h.at("00:05:01");
        assertEquals(Result.done(), h.sync());
        cj.getSpec().setTimeZone(null);
        cj.getSpec().setSchedule("61 * * * *");
        assertEquals(Result.done(), h.sync());
        cj.getSpec().setSchedule("0 0 31 2 *");
        assertEquals(Result.done(), h.sync());
        cj.getSpec().setSchedule("CRON_TZ=UTC * * * * *");
        assertEquals(Result.done(), h.sync());
        assertTrue(h.control.created.isEmpty());
        assertEquals(List.of("UnknownTimeZone", "UnparseableSchedule", "InvalidSchedule", "UnparseableSchedule"),
                h.events.reasons());
        assertEquals("Warning UnknownTimeZone: invalid timeZone: \"Mars/Olympus\": unknown time zone Mars/Olympus",
                h.events.lines.get(0));
        assertEquals("Warning InvalidSchedule: invalid schedule: 0 0 31 2 * : time difference between two "
                + "schedules is less than 1 second", h.events.lines.get(2));
    }

    @Test
    void everySchedulesRunFromTheCreationTime() {
        h.cronJobs.put(cronJob("@every 90s", CREATED));
        h.at("00:02:00");
        h.sync();
        assertEquals("2025-01-01T00:02:00Z", h.control.lastStatus().getStatus().getLastScheduleTime());
        assertEquals(jobName(2), h.control.created.get(0).getMetadata().getName());
    }
}
