package io.quarkube.controllermanager.cronjob;

import io.quarkube.controllermanager.RecordedEvents;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.quarkube.api.json.Json;
import io.quarkube.api.testing.MutableClock;
import io.quarkube.controllermanager.MapLister;
import io.quarkube.controllermanager.RecordingEnqueuer;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static io.quarkube.controllermanager.cronjob.CronJobFixtures.cronJob;
import static io.quarkube.controllermanager.cronjob.CronJobFixtures.job;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Informer events to CronJob keys. */
class CronJobControllerTest {
    private static final Instant CREATED = Instant.parse("2025-01-01T00:00:30Z");

    private final MutableClock clock = new MutableClock(Instant.parse("2025-01-01T00:00:40Z"));
    private final MapLister<CronJob> cronJobs = new MapLister<>();
    private final RecordingEnqueuer queue = new RecordingEnqueuer();
    private final RecordedEvents events = new RecordedEvents();
    private final CronJobController controller = new CronJobController(cronJobs, queue, events, clock);
    private final CronJob cj = cronJob("* * * * *", CREATED);

    @Test
    void cronRecordedEventsQueueIt() {
        controller.cronJobHandler().onAdd(cj);
        controller.cronJobHandler().onDelete(cj);
        assertEquals(List.of("default/hello", "default/hello"), queue.keys);
    }

    @Test
    void aChangedScheduleQueuesItForItsNextTime() {
        CronJob changed = Json.copy(cj, CronJob.class);
        changed.getSpec().setSchedule("*/5 * * * *");
        controller.cronJobHandler().onUpdate(cj, changed);
        assertEquals(List.of("default/hello after PT4M20.1S"), queue.delayed);
        assertTrue(queue.keys.isEmpty());
    }

    @Test
    void aChangedTimeZoneQueuesItForItsNextTime() {
        CronJob daily = cronJob("0 9 * * *", CREATED);
        CronJob changed = Json.copy(daily, CronJob.class);
        changed.getSpec().setTimeZone("Asia/Tokyo"); // 09:00 JST is 00:00Z
        controller.cronJobHandler().onUpdate(daily, changed);
        assertEquals(List.of("default/hello after PT23H59M20.1S"), queue.delayed);
    }

    @Test
    void anUnparseableNewScheduleIsAWarning() {
        CronJob changed = Json.copy(cj, CronJob.class);
        changed.getSpec().setSchedule("every minute");
        controller.cronJobHandler().onUpdate(cj, changed);
        assertTrue(queue.keys.isEmpty() && queue.delayed.isEmpty());
        assertEquals(List.of("Warning UnParseableCronJobSchedule: unparseable schedule for cronjob: every minute"),
                events.lines);
    }

    @Test
    void otherChangesQueueItNow() {
        CronJob changed = Json.copy(cj, CronJob.class);
        changed.getSpec().setSuspend(true);
        controller.cronJobHandler().onUpdate(cj, changed);
        assertEquals(List.of("default/hello"), queue.keys);
    }

    @Test
    void aJobEventQueuesTheCronJobThatControlsIt() {
        cronJobs.put(cj);
        Job job = job(cj, CREATED.plusSeconds(30));
        controller.jobHandler().onAdd(job);
        Job updated = Json.copy(job, Job.class);
        updated.getMetadata().setResourceVersion("8");
        controller.jobHandler().onUpdate(job, updated);
        controller.jobHandler().onDelete(job);
        assertEquals(List.of("default/hello", "default/hello", "default/hello"), queue.keys);
    }

    @Test
    void resyncsOrphansAndOtherOwnersAreIgnored() {
        cronJobs.put(cj);
        Job job = job(cj, CREATED.plusSeconds(30));
        controller.jobHandler().onUpdate(job, job); // same resourceVersion: a resync
        Job orphan = Json.copy(job, Job.class);
        orphan.getMetadata().setOwnerReferences(null);
        controller.jobHandler().onAdd(orphan);
        Job stale = Json.copy(job, Job.class);
        stale.getMetadata().getOwnerReferences().get(0).setUid("uid-of-an-earlier-hello");
        controller.jobHandler().onAdd(stale);
        Job notOurs = Json.copy(job, Job.class);
        notOurs.getMetadata().getOwnerReferences().get(0).setKind("Deployment");
        controller.jobHandler().onAdd(notOurs);
        assertTrue(queue.keys.isEmpty());
    }

    @Test
    void aJobReleasedByItsCronJobQueuesTheFormerOwner() {
        cronJobs.put(cj);
        Job job = job(cj, CREATED.plusSeconds(30));
        Job released = Json.copy(job, Job.class);
        released.getMetadata().setOwnerReferences(null);
        released.getMetadata().setResourceVersion("8");
        controller.jobHandler().onUpdate(job, released);
        assertEquals(List.of("default/hello"), queue.keys);
    }
}
