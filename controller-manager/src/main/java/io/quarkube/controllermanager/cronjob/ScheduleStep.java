package io.quarkube.controllermanager.cronjob;

import io.quarkube.api.cron.CronSchedule;
import io.fabric8.kubernetes.api.model.ObjectReference;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.quarkube.api.client.ApiException;
import io.quarkube.api.events.EventRecorder;
import io.quarkube.api.json.Json;
import io.quarkube.controllermanager.controller.ControllerRefs;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Kubernetes' syncCronJob, second half: time zone, suspend, schedule, the due time and its deadline, the
 * concurrency policy, then the Job for the due time (its name is the lock against creating it twice), added to
 * status.active with lastScheduleTime. Every way out says when to come back (the next schedule time).
 */
final class ScheduleStep {
    /** Go's time.RFC1123Z, as Kubernetes formats the MissSchedule time. */
    private static final DateTimeFormatter RFC1123Z =
            DateTimeFormatter.ofPattern("EEE, dd MMM uuuu HH:mm:ss Z", Locale.ROOT);

    /** requeueAfter null: done until an event; error non-null: a retry with backoff. */
    record Outcome(Duration requeueAfter, boolean updateStatus, RuntimeException error) {
        static Outcome failed(boolean updateStatus, RuntimeException error) {
            return new Outcome(null, updateStatus, error);
        }
    }

    private final CronJobControl control;
    private final EventRecorder recorder;
    private final Clock clock;
    private final HistoryCleanup cleanup;

    ScheduleStep(CronJobControl control, EventRecorder recorder, Clock clock, HistoryCleanup cleanup) {
        this.control = control;
        this.recorder = recorder;
        this.clock = clock;
        this.cleanup = cleanup;
    }

    Outcome startDueJob(CronJob cronJob, boolean updateStatus) {
        Instant now = clock.instant();
        String timeZone = cronJob.getSpec().getTimeZone();
        ZoneId zone;
        try {
            zone = CronSchedule.timeZone(timeZone, clock.getZone()); // unset: the controller-manager's zone
        } catch (IllegalArgumentException e) {
            recorder.warning(cronJob, "UnknownTimeZone", "invalid timeZone: \"" + timeZone + "\": " + e.getMessage());
            return new Outcome(null, updateStatus, null);
        }
        if (Boolean.TRUE.equals(cronJob.getSpec().getSuspend())) {
            return new Outcome(null, updateStatus, null);
        }
        String spec = cronJob.getSpec().getSchedule();
        ScheduleTimes times;
        try {
            times = new ScheduleTimes(CronSchedule.parse(spec), zone);
        } catch (IllegalArgumentException e) {
            recorder.warning(cronJob, "UnparseableSchedule", "unparseable schedule: \"" + spec + "\" : "
                    + e.getMessage());
            return new Outcome(null, updateStatus, null);
        }
        ScheduleTimes.MostRecent due;
        try {
            due = times.nextScheduleTime(cronJob, now);
        } catch (ScheduleTimes.InvalidScheduleException e) {
            recorder.warning(cronJob, "InvalidSchedule", "invalid schedule: " + spec + " : " + e.getMessage());
            return new Outcome(null, updateStatus, null);
        }
        Instant scheduled = due.mostRecent();
        if (scheduled == null) {
            return requeue(times, cronJob, now, updateStatus); // woken early (e.g. after a restart)
        }
        if (due.missed() == ScheduleTimes.Missed.MANY) {
            recorder.warning(cronJob, "TooManyMissedTimes", "too many missed start times. Set or decrease "
                    + ".spec.startingDeadlineSeconds or check clock skew");
        }
        Long deadline = cronJob.getSpec().getStartingDeadlineSeconds();
        if (deadline != null && scheduled.plusSeconds(deadline).isBefore(now)) {
            recorder.warning(cronJob, "MissSchedule", "Missed scheduled time to start a job: "
                    + RFC1123Z.format(scheduled.atOffset(ZoneOffset.UTC)));
            return requeue(times, cronJob, now, updateStatus);
        }
        String name = CronJobs.jobName(cronJob, scheduled);
        if (CronJobs.inActiveListByName(cronJob, name) || scheduled.equals(CronJobs.lastScheduleTime(cronJob))) {
            return requeue(times, cronJob, now, updateStatus); // this time is taken care of already
        }
        String policy = cronJob.getSpec().getConcurrencyPolicy();
        if ("Forbid".equals(policy) && !CronJobs.active(cronJob).isEmpty()) {
            recorder.normal(cronJob, "JobAlreadyActive",
                    "Not starting job because prior execution is running and concurrency policy is Forbid");
            return requeue(times, cronJob, now, updateStatus);
        }
        if ("Replace".equals(policy)) {
            for (ObjectReference ref : List.copyOf(CronJobs.active(cronJob))) {
                Optional<Job> running;
                try {
                    running = control.getJob(ref.getNamespace(), ref.getName());
                } catch (RuntimeException e) {
                    recorder.warning(cronJob, "FailedGet", "Get job: " + e.getMessage());
                    return Outcome.failed(updateStatus, e);
                }
                if (running.isEmpty()) {
                    recorder.warning(cronJob, "FailedGet", "Get job: jobs.batch \"" + ref.getName() + "\" not found");
                    return Outcome.failed(updateStatus, new IllegalStateException("job " + ref.getName() + " not found"));
                }
                if (!cleanup.deleteJob(cronJob, running.get())) {
                    return Outcome.failed(updateStatus, new IllegalStateException("could not replace job "
                            + ref.getNamespace() + "/" + ref.getName()));
                }
                updateStatus = true;
            }
        }
        return create(times, cronJob, scheduled, now, updateStatus);
    }

    private Outcome create(ScheduleTimes times, CronJob cronJob, Instant scheduled, Instant now,
                           boolean updateStatus) {
        ZoneId annotationZone = cronJob.getSpec().getTimeZone() == null ? ZoneOffset.UTC
                : CronSchedule.timeZone(cronJob.getSpec().getTimeZone(), ZoneOffset.UTC);
        Job request = CronJobs.jobFromTemplate(cronJob, scheduled, annotationZone);
        Job created;
        boolean alreadyExisted = false;
        try {
            created = control.createJob(request);
        } catch (ApiException e) {
            if (namespaceTerminating(e)) {
                return Outcome.failed(updateStatus, e); // every creation fails now; no event
            }
            if (!(e.isConflict() && "AlreadyExists".equals(e.reason()))) {
                recorder.warning(cronJob, "FailedCreate", "Error creating job: " + e.getMessage());
                return Outcome.failed(updateStatus, e);
            }
            // created before, but the status write that should have listed it was lost (or someone else made it)
            Optional<Job> existing;
            try {
                existing = control.getJob(request.getMetadata().getNamespace(), request.getMetadata().getName());
            } catch (RuntimeException getError) {
                return Outcome.failed(updateStatus, getError);
            }
            if (existing.isEmpty()) {
                return Outcome.failed(updateStatus, e); // deleted meanwhile: try again
            }
            created = existing.get();
            if (!ControllerRefs.isControlledBy(created, cronJob)
                    || CronJobs.inActiveList(cronJob, created.getMetadata().getUid())) {
                return requeue(times, cronJob, now, updateStatus);
            }
            alreadyExisted = true;
        } catch (RuntimeException e) {
            recorder.warning(cronJob, "FailedCreate", "Error creating job: " + e.getMessage());
            return Outcome.failed(updateStatus, e);
        }
        if (!alreadyExisted) {
            recorder.normal(cronJob, "SuccessfulCreate", "Created job " + created.getMetadata().getName());
        }
        List<ObjectReference> active = new ArrayList<>(CronJobs.active(cronJob));
        active.add(CronJobs.reference(created));
        cronJob.getStatus().setActive(active);
        cronJob.getStatus().setLastScheduleTime(Json.formatTime(scheduled));
        return requeue(times, cronJob, now, true);
    }

    private static Outcome requeue(ScheduleTimes times, CronJob cronJob, Instant now, boolean updateStatus) {
        return times.nextScheduleDelay(cronJob, now).map(d -> new Outcome(d, updateStatus, null))
                .orElseGet(() -> new Outcome(null, updateStatus, null));
    }

    private static boolean namespaceTerminating(ApiException e) {
        return e.status() != null && e.status().getDetails() != null && e.status().getDetails().getCauses() != null
                && e.status().getDetails().getCauses().stream()
                .anyMatch(c -> "NamespaceTerminating".equals(c.getReason()));
    }
}
