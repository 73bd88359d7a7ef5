package io.quarkube.controllermanager.cronjob;

import io.quarkube.api.cron.CronSchedule;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.quarkube.api.ObjectKey;
import io.quarkube.api.Resources;
import io.quarkube.api.events.EventRecorder;
import io.quarkube.api.informer.ResourceEventHandler;
import io.quarkube.controllermanager.controller.ControllerContext;
import io.quarkube.controllermanager.controller.ControllerRefs;
import io.quarkube.controllermanager.controller.ControllerRunner;
import io.quarkube.controllermanager.controller.Enqueuer;
import io.quarkube.controllermanager.controller.Lister;

import java.time.Clock;
import java.time.ZoneId;
import java.util.Objects;

/**
 * Maps informer events to CronJob keys (Kubernetes' ControllerV2 handlers): a Job's event goes to the CronJob that
 * controls it; a CronJob whose schedule or time zone changed is queued for its next schedule time, any other
 * change at once. The syncs requeue themselves for each next time. Never calls the API.
 */
public final class CronJobController {
    private final Lister<CronJob> cronJobs;
    private final Enqueuer queue;
    private final EventRecorder recorder;
    private final Clock clock;

    public CronJobController(Lister<CronJob> cronJobs, Enqueuer queue, EventRecorder recorder, Clock clock) {
        this.cronJobs = cronJobs;
        this.queue = queue;
        this.recorder = recorder;
        this.clock = clock;
    }

    /** Follows CronJobs and Jobs; creates and deletes Jobs through the API, recording events. */
    public static ControllerRunner setUp(ControllerContext context) {
        Lister<CronJob> cronJobs = context.lister(Resources.CRONJOBS);
        Lister<Job> jobs = context.lister(Resources.JOBS);
        EventRecorder recorder = context.recorder("cronjob-controller");
        CronJobSync sync = new CronJobSync(cronJobs, jobs, CronJobControl.of(context.api()), recorder,
                context.clock());
        ControllerRunner runner = new ControllerRunner("cronjob", sync, context.config().cronjobWorkers());
        CronJobController controller = new CronJobController(cronJobs, runner, recorder, context.clock());
        context.addHandler(Resources.CRONJOBS, controller.cronJobHandler());
        context.addHandler(Resources.JOBS, controller.jobHandler());
        return runner;
    }

    public ResourceEventHandler<CronJob> cronJobHandler() {
        return new ResourceEventHandler<>() {
            @Override
            public void onAdd(CronJob cronJob) {
                queue.enqueue(key(cronJob));
            }

            @Override
            public void onUpdate(CronJob oldCronJob, CronJob newCronJob) {
                updateCronJob(oldCronJob, newCronJob);
            }

            @Override
            public void onDelete(CronJob cronJob) {
                queue.enqueue(key(cronJob));
            }
        };
    }

    public ResourceEventHandler<Job> jobHandler() {
        return new ResourceEventHandler<>() {
            @Override
            public void onAdd(Job job) {
                enqueueController(job, ControllerRefs.controllerOf(job));
            }

            @Override
            public void onUpdate(Job oldJob, Job newJob) {
                if (Objects.equals(oldJob.getMetadata().getResourceVersion(),
                        newJob.getMetadata().getResourceVersion())) {
                    return; // a resync, not a change
                }
                OwnerReference oldRef = ControllerRefs.controllerOf(oldJob);
                OwnerReference newRef = ControllerRefs.controllerOf(newJob);
                if (oldRef != null && !Objects.equals(oldRef, newRef)) {
                    enqueueController(oldJob, oldRef);
                }
                enqueueController(newJob, newRef);
            }

            @Override
            public void onDelete(Job job) {
                enqueueController(job, ControllerRefs.controllerOf(job));
            }
        };
    }

    /**
     * A new schedule or time zone: come back at its next time (sooner than a time queued for the old one; a
     * later wake-up for the old one finds nothing due). Other changes (suspend, limits): sync now.
     */
    void updateCronJob(CronJob oldCronJob, CronJob newCronJob) {
        String schedule = newCronJob.getSpec().getSchedule();
        if (!Objects.equals(oldCronJob.getSpec().getSchedule(), schedule)
                || !Objects.equals(oldCronJob.getSpec().getTimeZone(), newCronJob.getSpec().getTimeZone())) {
            CronSchedule parsed;
            try {
                parsed = CronSchedule.parse(schedule);
            } catch (IllegalArgumentException e) {
                recorder.warning(newCronJob, "UnParseableCronJobSchedule",
                        "unparseable schedule for cronjob: " + schedule);
                return;
            }
            ZoneId zone;
            try {
                zone = CronSchedule.timeZone(newCronJob.getSpec().getTimeZone(), clock.getZone());
            } catch (IllegalArgumentException e) {
                queue.enqueue(key(newCronJob)); // the sync reports the unknown time zone
                return;
            }
            ScheduleTimes times = new ScheduleTimes(parsed, zone);
            times.nextScheduleDelay(newCronJob, clock.instant())
                    .ifPresent(delay -> queue.enqueueAfter(key(newCronJob), delay));
            return;
        }
        queue.enqueue(key(newCronJob));
    }

    private void enqueueController(Job job, OwnerReference ref) {
        if (ref == null || !CronJobs.KIND.equals(ref.getKind())) {
            return; // orphans are no CronJob's business
        }
        cronJobs.get(job.getMetadata().getNamespace(), ref.getName())
                .filter(cj -> Objects.equals(cj.getMetadata().getUid(), ref.getUid()))
                .ifPresent(cj -> queue.enqueue(key(cj)));
    }

    private static String key(CronJob cronJob) {
        return ObjectKey.of(cronJob).toString();
    }
}
