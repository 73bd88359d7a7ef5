package io.quarkube.controllermanager.cronjob;

import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.quarkube.api.client.ApiException;
import io.quarkube.controllermanager.controller.Result;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static io.quarkube.controllermanager.cronjob.CronJobFixtures.cronJob;
import static io.quarkube.controllermanager.cronjob.CronJobFixtures.finished;
import static io.quarkube.controllermanager.cronjob.CronJobFixtures.job;
import static io.quarkube.controllermanager.cronjob.CronJobFixtures.names;
import static io.quarkube.controllermanager.cronjob.CronJobFixtures.withActive;
import static io.quarkube.controllermanager.cronjob.CronJobHarness.CREATED;
import static io.quarkube.controllermanager.cronjob.CronJobHarness.jobName;
import static io.quarkube.controllermanager.cronjob.CronJobHarness.time;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Starting Jobs on schedule: names, the Job made from the template, status, requeue times, repairs. */
class CronJobSyncTest {
    private final CronJobHarness h = new CronJobHarness();

    @Test
    void beforeTheFirstTimeNothingHappensAndTheSyncComesBackJustAfterIt() {
        h.cronJobs.put(cronJob("* * * * *", CREATED));
        h.at("00:00:40");
        assertEquals(Result.requeueAfter(Duration.ofMillis(20_100)), h.sync());
        assertTrue(h.control.created.isEmpty());
        assertTrue(h.control.statusWrites.isEmpty());
    }

    @Test
    void aDueTimeCreatesTheJobNamedByItsMinuteFromTheTemplate() {
        h.cronJobs.put(cronJob("* * * * *", CREATED));
        h.at("00:01:00.200");
        assertEquals(Result.requeueAfter(Duration.ofMillis(59_900)), h.sync());

        assertEquals(1, h.control.created.size());
        Job job = h.control.created.get(0);
        assertEquals("hello-28928161", job.getMetadata().getName());
        assertEquals(jobName(1), job.getMetadata().getName());
        assertEquals("default", job.getMetadata().getNamespace());
        assertEquals(Map.of("app", "hello"), job.getMetadata().getLabels());
        assertEquals(Map.of("note", "tmpl", "batch.kubernetes.io/cronjob-scheduled-timestamp",
                "2025-01-01T00:01:00Z"), job.getMetadata().getAnnotations());
        assertEquals(List.of(new OwnerReference("batch/v1", true, true, "CronJob", "hello", "uid-hello")),
                job.getMetadata().getOwnerReferences());
        assertEquals(2, job.getSpec().getBackoffLimit());
        assertEquals("busybox:1.28", job.getSpec().getTemplate().getSpec().getContainers().get(0).getImage());
        assertEquals(List.of("Normal SuccessfulCreate: Created job hello-28928161"), h.events.lines);

        CronJob status = h.control.lastStatus();
        assertEquals("2025-01-01T00:01:00Z", status.getStatus().getLastScheduleTime());
        assertEquals(1, status.getStatus().getActive().size());
        var ref = status.getStatus().getActive().get(0);
        assertEquals(List.of("Job", "batch/v1", "default", "hello-28928161", "uid-hello-28928161"),
                List.of(ref.getKind(), ref.getApiVersion(), ref.getNamespace(), ref.getName(), ref.getUid()));
    }

    @Test
    void theCachedCronJobIsNotChanged() {
        CronJob cached = cronJob("* * * * *", CREATED);
        h.cronJobs.put(cached);
        h.at("00:01:05");
        h.sync();
        assertEquals(null, cached.getStatus().getLastScheduleTime());
        assertSame(cached, h.cronJobs.get("default", "hello").orElseThrow());
    }

    @Test
    void eachScheduleTimeGetsOneJobAcrossSyncs() {
        h.cronJobs.put(cronJob("* * * * *", CREATED));
        h.at("00:01:01");
        h.sync();
        h.observeWrites();
        h.sync(); // the same minute again: already done
        assertEquals(1, h.control.created.size());
        h.at("00:02:00.100");
        h.sync();
        h.observeWrites();
        assertEquals(List.of(jobName(1), jobName(2)), h.control.created.stream().map(j -> j.getMetadata().getName()).toList());
        assertEquals(List.of(jobName(1), jobName(2)), names(h.control.lastStatus().getStatus().getActive()));
        assertEquals("2025-01-01T00:02:00Z", h.control.lastStatus().getStatus().getLastScheduleTime());
    }

    @Test
    void aLostStatusWriteIsRepairedWithoutASecondJob() {
        h.cronJobs.put(cronJob("* * * * *", CREATED));
        h.at("00:01:01");
        h.sync();
        h.control.statusWrites.clear(); // the write was lost; the caches show neither the status nor the Job yet
        h.sync();
        assertEquals(1, h.control.created.size());
        assertEquals(List.of(jobName(1)), names(h.control.lastStatus().getStatus().getActive()));
        assertEquals(List.of("SuccessfulCreate"), h.events.reasons()); // no second "Created job"
    }

    @Test
    void aJobOfTheNameThatSomeoneElseOwnsIsLeftAlone() {
        h.cronJobs.put(cronJob("* * * * *", CREATED));
        Job foreign = job(cronJob("* * * * *", CREATED), time("00:01:00"));
        foreign.getMetadata().getOwnerReferences().get(0).setUid("uid-other");
        h.control.liveJobs.put(foreign.getMetadata().getName(), foreign);
        h.at("00:01:01");
        assertEquals(Result.Kind.REQUEUE_AFTER, h.sync().kind());
        assertTrue(h.control.created.isEmpty());
        assertTrue(h.control.statusWrites.isEmpty());
    }

    @Test
    void aFinishedJobLeavesTheActiveListAndSetsLastSuccessfulTime() {
        CronJob cj = cronJob("*/10 * * * *", CREATED);
        Job job = finished(job(cj, time("00:10:00")), "Complete", time("00:10:20"));
        cj.getStatus().setLastScheduleTime("2025-01-01T00:10:00Z");
        h.cronJobs.put(withActive(cj, job));
        h.jobs.put(job);
        h.at("00:12:00");
        assertEquals(Result.requeueAfter(Duration.ofMillis(480_100)), h.sync());
        CronJob status = h.control.lastStatus();
        assertEquals(List.of(), names(status.getStatus().getActive()));
        assertEquals("2025-01-01T00:10:20Z", status.getStatus().getLastSuccessfulTime());
        assertEquals(List.of("Normal SawCompletedJob: Saw completed job: hello-28928170, condition: Complete"),
                h.events.lines);
    }

    @Test
    void aFailedJobLeavesTheActiveListWithoutLastSuccessfulTime() {
        CronJob cj = cronJob("*/10 * * * *", CREATED);
        Job job = finished(job(cj, time("00:10:00")), "Failed", time("00:10:20"));
        cj.getStatus().setLastScheduleTime("2025-01-01T00:10:00Z");
        h.cronJobs.put(withActive(cj, job));
        h.jobs.put(job);
        h.at("00:12:00");
        h.sync();
        assertEquals(List.of(), names(h.control.lastStatus().getStatus().getActive()));
        assertEquals(null, h.control.lastStatus().getStatus().getLastSuccessfulTime());
        assertTrue(h.events.lines.get(0).endsWith("condition: Failed"));
    }

    @Test
    void anActiveJobThatIsGoneEverywhereIsDropped() {
        CronJob cj = cronJob("*/10 * * * *", CREATED);
        cj.getStatus().setLastScheduleTime("2025-01-01T00:10:00Z");
        h.cronJobs.put(withActive(cj, job(cj, time("00:10:00"))));
        h.at("00:12:00");
        h.sync();
        assertEquals(List.of(), names(h.control.lastStatus().getStatus().getActive()));
        assertEquals(List.of("Normal MissingJob: Active job went missing: hello-28928170"), h.events.lines);
    }

    @Test
    void anActiveJobMissingOnlyFromTheCacheIsKept() {
        CronJob cj = cronJob("*/10 * * * *", CREATED);
        cj.getStatus().setLastScheduleTime("2025-01-01T00:10:00Z");
        Job running = job(cj, time("00:10:00"));
        h.cronJobs.put(withActive(cj, running));
        h.control.liveJobs.put(running.getMetadata().getName(), running);
        h.at("00:12:00");
        h.sync();
        assertTrue(h.control.statusWrites.isEmpty());
        assertTrue(h.events.lines.isEmpty());
    }

    @Test
    void aRunningJobTheStatusDoesNotListIsReported() {
        CronJob cj = cronJob("*/10 * * * *", CREATED);
        cj.getStatus().setLastScheduleTime("2025-01-01T00:10:00Z");
        h.cronJobs.put(cj);
        h.jobs.put(job(cj, time("00:10:00")));
        h.control.liveCronJob = cj;
        h.at("00:12:00");
        h.sync();
        assertEquals(List.of("Warning UnexpectedJob: Saw a job that the controller did not create or forgot: "
                + "hello-28928170"), h.events.lines);
    }

    @Test
    void jobsOfOtherOwnersAreNotCounted() {
        CronJob cj = cronJob("*/10 * * * *", CREATED);
        cj.getStatus().setLastScheduleTime("2025-01-01T00:10:00Z");
        Job other = job(cj, time("00:10:00"));
        other.getMetadata().getOwnerReferences().get(0).setName("other");
        Job orphan = job(cj, time("00:20:00"));
        orphan.getMetadata().setOwnerReferences(null);
        h.cronJobs.put(cj);
        h.jobs.put(other, orphan);
        h.at("00:12:00");
        h.sync();
        assertTrue(h.events.lines.isEmpty());
    }

    @Test
    void aStatusConflictIsRetried() {
        h.cronJobs.put(cronJob("* * * * *", CREATED));
        h.control.statusError = new ApiException(409, null, "the object has been modified");
        h.at("00:01:01");
        ApiException e = assertThrows(ApiException.class, h::sync);
        assertTrue(e.isConflict());
    }

    @Test
    void aFailedCreateIsAnEventAndARetry() {
        h.cronJobs.put(cronJob("* * * * *", CREATED));
        h.control.createError = new ApiException(403, null, "forbidden: exceeded quota");
        h.at("00:01:01");
        assertThrows(ApiException.class, h::sync);
        assertEquals(List.of("Warning FailedCreate: Error creating job: forbidden: exceeded quota"), h.events.lines);
        assertTrue(h.control.statusWrites.isEmpty());
    }

    @Test
    void aDeletedCronJobIsDone() {
        assertEquals(Result.done(), h.sync());
    }

    @Test
    void aCronJobBeingDeletedStartsNothing() {
        CronJob cj = cronJob("* * * * *", CREATED);
        cj.getMetadata().setDeletionTimestamp("2025-01-01T00:00:50Z");
        h.cronJobs.put(cj);
        h.at("00:05:01");
        assertEquals(Result.done(), h.sync());
        assertTrue(h.control.created.isEmpty());
    }
}
