package io.quarkube.controllermanager.cronjob;

import io.quarkube.api.cron.CronSchedule;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import static io.quarkube.controllermanager.cronjob.CronJobFixtures.cronJob;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Kubernetes' mostRecentScheduleTime / nextScheduleTime / nextScheduleTimeDuration. */
class ScheduleTimesTest {
    private static final Instant CREATED = Instant.parse("2025-01-01T00:00:30Z");

    private static ScheduleTimes times(String schedule) {
        return new ScheduleTimes(CronSchedule.parse(schedule), ZoneOffset.UTC);
    }

    private static Instant at(String time) {
        return Instant.parse("2025-01-01T" + time + "Z");
    }

    @Test
    void nothingIsDueBeforeTheFirstTimeAfterCreation() {
        CronJob cj = cronJob("* * * * *", CREATED);
        ScheduleTimes.MostRecent r = times("* * * * *").nextScheduleTime(cj, at("00:00:59"));
        assertNull(r.mostRecent());
        assertEquals(ScheduleTimes.Missed.NONE, r.missed());
        assertEquals(Duration.ofMillis(1100), times("* * * * *").nextScheduleDelay(cj, at("00:00:59")).orElseThrow());
    }

    @Test
    void theFirstTimeIsDueOnceItPassed() {
        CronJob cj = cronJob("* * * * *", CREATED);
        ScheduleTimes.MostRecent r = times("* * * * *").nextScheduleTime(cj, at("00:01:00"));
        assertEquals(at("00:01:00"), r.mostRecent());
        assertEquals(ScheduleTimes.Missed.NONE, r.missed());
    }

    @Test
    void afterSeveralMissedTimesOnlyTheLatestIsDue() {
        CronJob cj = cronJob("*/5 * * * *", CREATED);
        ScheduleTimes.MostRecent r = times("*/5 * * * *").nextScheduleTime(cj, at("00:27:10"));
        assertEquals(at("00:25:00"), r.mostRecent());
        assertEquals(ScheduleTimes.Missed.FEW, r.missed());
        // the next wake-up is the next slot after the latest, not after the creation time
        assertEquals(Duration.parse("PT2M50.1S"), times("*/5 * * * *").nextScheduleDelay(cj, at("00:27:10"))
                .orElseThrow());
    }

    @Test
    void irregularSchedulesFindTheTrueLatestTime() {
        // weekdays at 06:30, 10:30, 14:30: the interval estimate (4h) does not fit nights and weekends
        CronJob cj = cronJob("30 6-16/4 * * 1-5", Instant.parse("2025-01-06T06:00:00Z")); // a Monday
        ScheduleTimes.MostRecent r = times("30 6-16/4 * * 1-5").nextScheduleTime(cj,
                Instant.parse("2025-01-08T11:00:00Z"));
        assertEquals(Instant.parse("2025-01-08T10:30:00Z"), r.mostRecent());
    }

    @Test
    void moreThanAHundredMissedTimesAreManyButTheLatestIsStillDue() {
        CronJob cj = cronJob("* * * * *", CREATED);
        ScheduleTimes.MostRecent r = times("* * * * *").nextScheduleTime(cj, at("03:20:30"));
        assertEquals(ScheduleTimes.Missed.MANY, r.missed());
        assertEquals(at("03:20:00"), r.mostRecent());
        ScheduleTimes.MostRecent hundred = times("* * * * *").nextScheduleTime(cj, at("01:40:30"));
        assertEquals(ScheduleTimes.Missed.FEW, hundred.missed()); // exactly 100
    }

    @Test
    void lastScheduleTimeIsWhereTheSearchStarts() {
        CronJob cj = cronJob("* * * * *", CREATED);
        cj.getStatus().setLastScheduleTime("2025-01-01T00:03:00Z");
        assertNull(times("* * * * *").nextScheduleTime(cj, at("00:03:40")).mostRecent());
        assertEquals(at("00:04:00"), times("* * * * *").nextScheduleTime(cj, at("00:04:01")).mostRecent());
    }

    @Test
    void startingDeadlineCutsOffOlderTimes() {
        CronJob cj = cronJob("*/10 * * * *", CREATED);
        cj.getSpec().setStartingDeadlineSeconds(60L);
        // 00:10 was missed by more than 60 s: not due any more, and not "many missed" either
        assertNull(times("*/10 * * * *").nextScheduleTime(cj, at("00:12:00")).mostRecent());
        assertEquals(at("00:10:00"), times("*/10 * * * *").nextScheduleTime(cj, at("00:10:59")).mostRecent());
        // a long outage with a deadline is not "too many missed"
        ScheduleTimes.MostRecent r = times("*/10 * * * *").nextScheduleTime(cj, at("23:50:30"));
        assertEquals(at("23:50:00"), r.mostRecent());
        assertEquals(ScheduleTimes.Missed.NONE, r.missed());
    }

    @Test
    void aScheduleThatNeverComesIsInvalid() {
        CronJob cj = cronJob("0 0 31 2 *", CREATED);
        assertThrows(ScheduleTimes.InvalidScheduleException.class,
                () -> times("0 0 31 2 *").nextScheduleTime(cj, at("01:00:00")));
        assertEquals(java.util.Optional.empty(), times("0 0 31 2 *").nextScheduleDelay(cj, at("01:00:00")));
    }
}
