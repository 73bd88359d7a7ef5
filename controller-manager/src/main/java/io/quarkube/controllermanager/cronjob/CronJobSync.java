package io.quarkube.controllermanager.cronjob;

import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.CronJobStatus;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.quarkube.api.ObjectKey;
import io.quarkube.api.events.EventRecorder;
import io.quarkube.api.json.Json;
import io.quarkube.controllermanager.controller.ControllerRefs;
import io.quarkube.controllermanager.controller.Lister;
import io.quarkube.controllermanager.controller.Reconciler;
import io.quarkube.controllermanager.controller.Result;

import java.time.Clock;
import java.util.List;
import java.util.Objects;

/**
 * One CronJob's sync (Kubernetes' ControllerV2.sync): drop finished Jobs beyond the history limits, reconcile
 * status.active with the Jobs that exist, start the Job that is due (if any), write the status once, and come
 * back at the next schedule time.
 */
public final class CronJobSync implements Reconciler {
    private final Lister<CronJob> cronJobs;
    private final Lister<Job> jobs;
    private final CronJobControl control;
    private final EventRecorder recorder;
    private final HistoryCleanup cleanup;
    private final ScheduleStep schedule;

    CronJobSync(Lister<CronJob> cronJobs, Lister<Job> jobs, CronJobControl control, EventRecorder recorder,
                Clock clock) {
        this.cronJobs = cronJobs;
        this.jobs = jobs;
        this.control = control;
        this.recorder = recorder;
        this.cleanup = new HistoryCleanup(control, recorder);
        this.schedule = new ScheduleStep(control, recorder, clock, cleanup);
    }

    @Override
    public Result sync(String key) {
        ObjectKey k = ObjectKey.parse(key);
        CronJob cached = cronJobs.get(k.namespace(), k.name()).orElse(null);
        if (cached == null) {
            return Result.done(); // deleted; its Jobs go with it (garbage collector)
        }
        List<Job> children = jobsOf(cached);
        CronJob cronJob = Json.copy(cached, CronJob.class); // every change goes into one status write
        if (cronJob.getStatus() == null) {
            cronJob.setStatus(new CronJobStatus());
        }
        boolean updateAfterCleanup = cleanup.cleanupFinishedJobs(cronJob, children);
        ScheduleStep.Outcome outcome = syncActive(cronJob, children);
        if (updateAfterCleanup || outcome.updateStatus()) {
            control.updateStatus(cronJob); // a 409 retries the whole sync with the newer CronJob
        }
        if (outcome.requeueAfter() != null) {
            return Result.requeueAfter(outcome.requeueAfter());
        }
        if (outcome.error() != null) {
            throw outcome.error();
        }
        return Result.done(); // suspended, invalid schedule or time zone: an update of the spec wakes it
    }

    /** Kubernetes' syncCronJob, first half: status.active and lastSuccessfulTime from the Jobs that exist. */
    private ScheduleStep.Outcome syncActive(CronJob cronJob, List<Job> children) {
        boolean updateStatus = false;
        CronJob current = cronJob;
        for (Job job : children) {
            String uid = job.getMetadata().getUid();
            boolean found = CronJobs.inActiveList(current, uid);
            String finished = CronJobs.finishedCondition(job);
            if (!found && finished == null) {
                // not in our list: created right before a crash or a lost status write, or our cache is behind
                CronJob live;
                try {
                    live = control.getCronJob(current.getMetadata().getNamespace(), current.getMetadata().getName())
                            .orElse(null);
                } catch (RuntimeException e) {
                    return ScheduleStep.Outcome.failed(updateStatus, e);
                }
                if (live != null && CronJobs.inActiveList(live, uid)) {
                    current = live; // as Kubernetes: go on with the fresher object (the write below will conflict)
                    continue;
                }
                recorder.warning(current, "UnexpectedJob",
                        "Saw a job that the controller did not create or forgot: " + job.getMetadata().getName());
            } else if (finished != null) {
                if (found) {
                    CronJobs.deleteFromActiveList(current, uid);
                    recorder.normal(current, "SawCompletedJob", "Saw completed job: " + job.getMetadata().getName()
                            + ", condition: " + finished);
                    updateStatus = true;
                }
                if (CronJobs.isSucceeded(job) && updateLastSuccessfulTime(current, job)) {
                    updateStatus = true;
                }
            }
        }
        for (var ref : List.copyOf(CronJobs.active(current))) {
            if (children.stream().anyMatch(j -> Objects.equals(j.getMetadata().getUid(), ref.getUid()))) {
                continue;
            }
            // not in the cache: ask the api-server before believing the Job is gone
            try {
                if (control.getJob(ref.getNamespace(), ref.getName()).isEmpty()) {
                    recorder.normal(current, "MissingJob", "Active job went missing: " + ref.getName());
                    CronJobs.deleteFromActiveList(current, ref.getUid());
                    updateStatus = true;
                }
            } catch (RuntimeException e) {
                return ScheduleStep.Outcome.failed(updateStatus, e);
            }
        }
        if (current.getMetadata().getDeletionTimestamp() != null) {
            return new ScheduleStep.Outcome(null, updateStatus, null); // being deleted: status only
        }
        return schedule.startDueJob(current, updateStatus);
    }

    private static boolean updateLastSuccessfulTime(CronJob cronJob, Job job) {
        String completion = job.getStatus().getCompletionTime();
        String last = cronJob.getStatus().getLastSuccessfulTime();
        if (last == null) {
            cronJob.getStatus().setLastSuccessfulTime(completion);
            return true; // as Kubernetes, even when the completion time is not set yet
        }
        if (completion != null && CronJobs.time(completion).isAfter(CronJobs.time(last))) {
            cronJob.getStatus().setLastSuccessfulTime(completion);
            return true;
        }
        return false;
    }

    /** Every Job whose controller reference names this CronJob (labels may no longer match the template). */
    private List<Job> jobsOf(CronJob cronJob) {
        return jobs.list(cronJob.getMetadata().getNamespace()).stream().filter(job -> {
            OwnerReference ref = ControllerRefs.controllerOf(job);
            return ref != null && ControllerRefs.refersTo(ref, "batch", CronJobs.KIND)
                    && cronJob.getMetadata().getName().equals(ref.getName());
        }).toList();
    }
}
