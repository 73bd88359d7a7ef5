package io.quarkube.controllermanager.cronjob;

import io.quarkube.api.cron.CronSchedule;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Optional;

/**
 * When a CronJob's Jobs are due, as Kubernetes' cronjob utils.go computes it: the most recent unmet schedule time
 * since status.lastScheduleTime (or the creation time), cut off by startingDeadlineSeconds, with a rough count of
 * the missed times (more than 100 is "many": only the latest runs, with a warning); and the delay until the next
 * time, to requeue for it.
 */
final class ScheduleTimes {
    /** The queue wakes the CronJob this long after the scheduled time, so that the time has surely passed. */
    static final Duration NEXT_SCHEDULE_DELTA = Duration.ofMillis(100);
    static final int MANY_MISSED = 100;

    enum Missed { NONE, FEW, MANY }

    /** earliest: where the search started; mostRecent: the latest unmet time, or null if none is due. */
    record MostRecent(Instant earliest, Instant mostRecent, Missed missed) {
    }

    /** The schedule cannot give two distinct times (e.g. "0 0 31 2 *": February has no 31st). */
    static final class InvalidScheduleException extends RuntimeException {
        InvalidScheduleException(String message) {
            super(message);
        }
    }

    private final CronSchedule schedule;
    private final ZoneId zone;

    ScheduleTimes(CronSchedule schedule, ZoneId zone) {
        this.schedule = schedule;
        this.zone = zone;
    }

    Optional<Instant> next(Instant after) {
        return schedule.next(after, zone);
    }

    /** Kubernetes' mostRecentScheduleTime. */
    MostRecent mostRecent(CronJob cronJob, Instant now, boolean includeStartingDeadline) {
        Instant earliest = CronJobs.lastScheduleTime(cronJob);
        if (earliest == null) {
            earliest = CronJobs.creationTime(cronJob);
        }
        Long deadline = cronJob.getSpec().getStartingDeadlineSeconds();
        if (includeStartingDeadline && deadline != null) {
            Instant schedulingDeadline = now.minusSeconds(deadline); // nothing before this is started any more
            if (schedulingDeadline.isAfter(earliest)) {
                earliest = schedulingDeadline;
            }
        }
        Instant t1 = next(earliest).orElseThrow(ScheduleTimes::lessThanASecond);
        if (now.isBefore(t1)) {
            return new MostRecent(earliest, null, Missed.NONE);
        }
        Instant t2 = next(t1).orElseThrow(ScheduleTimes::lessThanASecond);
        if (now.isBefore(t2)) {
            return new MostRecent(earliest, t1, Missed.NONE);
        }
        long interval = roundToSeconds(Duration.between(t1, t2));
        if (interval < 1) {
            throw lessThanASecond();
        }
        // A rough count: how many intervals fit between t1 and now. Start one interval before the estimated
        // latest time and let the schedule find the exact one (irregular schedules such as "30 6-16/4 * * 1-5").
        long elapsed = Duration.between(t1, now).getSeconds();
        long missedCount = elapsed / interval + 1;
        Instant potentialEarliest = t1.plusSeconds((missedCount - 2) * interval);
        Instant mostRecent = null;
        for (Optional<Instant> t = next(potentialEarliest); t.isPresent() && !t.get().isAfter(now);
             t = next(t.get())) {
            mostRecent = t.get();
        }
        Missed missed = missedCount > MANY_MISSED ? Missed.MANY : missedCount > 0 ? Missed.FEW : Missed.NONE;
        return new MostRecent(earliest, mostRecent, missed);
    }

    /** The time a Job is due for now (null if none); InvalidScheduleException for impossible schedules. */
    MostRecent nextScheduleTime(CronJob cronJob, Instant now) {
        MostRecent result = mostRecent(cronJob, now, true);
        if (result.mostRecent() != null && result.mostRecent().isAfter(now)) {
            return new MostRecent(result.earliest(), null, result.missed());
        }
        return result;
    }

    /** How long until the next schedule time (plus a small delta); empty if the schedule never fires again. */
    Optional<Duration> nextScheduleDelay(CronJob cronJob, Instant now) {
        Instant from;
        try {
            MostRecent result = mostRecent(cronJob, now, false);
            if (result.mostRecent() != null) {
                from = result.mostRecent();
            } else {
                // nothing missed since earliest: the next time after it; missed ones: the next time after now
                from = result.missed() == Missed.NONE ? result.earliest() : now;
            }
        } catch (InvalidScheduleException e) {
            from = now; // still requeue at some point: aim for the next slot from now
        }
        return next(from).map(t -> Duration.between(now, t.plus(NEXT_SCHEDULE_DELTA)))
                .map(d -> d.isNegative() ? Duration.ZERO : d);
    }

    private static long roundToSeconds(Duration d) {
        return d.plusMillis(500).getSeconds();
    }

    private static InvalidScheduleException lessThanASecond() {
        return new InvalidScheduleException("time difference between two schedules is less than 1 second");
    }
}
