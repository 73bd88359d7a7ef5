package io.quarkube.controllermanager.cronjob;

import io.quarkube.controllermanager.RecordedEvents;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.quarkube.api.testing.MutableClock;
import io.quarkube.controllermanager.MapLister;
import io.quarkube.controllermanager.controller.Result;

import java.time.Instant;

/** A CronJobSync wired to fakes: caches the test fills, a recording control, recorded events, a hand-moved clock. */
final class CronJobHarness {
    static final Instant CREATED = Instant.parse("2025-01-01T00:00:30Z");
    /** 2025-01-01T00:00:00Z in minutes since the epoch: Job names are "hello-" + this + minutes past midnight. */
    static final long MIDNIGHT_MINUTES = 28_928_160L;

    final MutableClock clock = new MutableClock(CREATED.plusSeconds(10));
    final MapLister<CronJob> cronJobs = new MapLister<>();
    final MapLister<Job> jobs = new MapLister<>();
    final FakeCronJobControl control = new FakeCronJobControl();
    final RecordedEvents events = new RecordedEvents();
    final CronJobSync sync = new CronJobSync(cronJobs, jobs, control, events, clock);

    Result sync() {
        return sync.sync("default/hello");
    }

    void at(String utcTime) {
        Instant target = Instant.parse("2025-01-01T" + utcTime + "Z");
        clock.advance(java.time.Duration.between(clock.instant(), target));
    }

    static Instant time(String utcTime) {
        return Instant.parse("2025-01-01T" + utcTime + "Z");
    }

    static String jobName(int minutesPastMidnight) {
        return "hello-" + (MIDNIGHT_MINUTES + minutesPastMidnight);
    }

    /** Feeds the last status write, the created and the deleted Jobs back into the caches, as the informer would. */
    void observeWrites() {
        if (!control.statusWrites.isEmpty()) {
            cronJobs.put(control.lastStatus());
        }
        control.liveJobs.values().forEach(jobs::put);
        control.deleted.forEach(name -> jobs.get("default", name).ifPresent(jobs::remove));
    }
}
