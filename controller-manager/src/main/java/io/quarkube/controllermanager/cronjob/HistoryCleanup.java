package io.quarkube.controllermanager.cronjob;

import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.quarkube.api.events.EventRecorder;
import org.jboss.logging.Logger;

import java.util.ArrayList;
import java.util.List;

/**
 * successfulJobsHistoryLimit / failedJobsHistoryLimit (Kubernetes' cleanupFinishedJobs): the oldest finished Jobs
 * beyond each limit are deleted, with their pods (Background propagation).
 */
final class HistoryCleanup {
    private static final Logger LOG = Logger.getLogger(HistoryCleanup.class);

    private final CronJobControl control;
    private final EventRecorder recorder;

    HistoryCleanup(CronJobControl control, EventRecorder recorder) {
        this.control = control;
        this.recorder = recorder;
    }

    /** Deletes what is over the limits; true if the CronJob's status (active list) changed. */
    boolean cleanupFinishedJobs(CronJob cronJob, List<Job> jobs) {
        Integer successfulLimit = cronJob.getSpec().getSuccessfulJobsHistoryLimit();
        Integer failedLimit = cronJob.getSpec().getFailedJobsHistoryLimit();
        if (successfulLimit == null && failedLimit == null) {
            return false;
        }
        List<Job> successful = new ArrayList<>();
        List<Job> failed = new ArrayList<>();
        for (Job job : jobs) {
            String finished = CronJobs.finishedCondition(job);
            if ("Complete".equals(finished)) {
                successful.add(job);
            } else if ("Failed".equals(finished)) {
                failed.add(job);
            }
        }
        boolean updateStatus = false;
        if (successfulLimit != null && removeOldestJobs(cronJob, successful, successfulLimit)) {
            updateStatus = true;
        }
        if (failedLimit != null && removeOldestJobs(cronJob, failed, failedLimit)) {
            updateStatus = true;
        }
        return updateStatus;
    }

    private boolean removeOldestJobs(CronJob cronJob, List<Job> jobs, int maxJobs) {
        int toDelete = jobs.size() - maxJobs;
        if (toDelete <= 0) {
            return false;
        }
        List<Job> oldestFirst = new ArrayList<>(jobs);
        oldestFirst.sort(CronJobs.BY_START_TIME);
        boolean updateStatus = false;
        for (int i = 0; i < toDelete; i++) {
            if (deleteJob(cronJob, oldestFirst.get(i))) {
                updateStatus = true;
            }
        }
        return updateStatus;
    }

    /** Kubernetes' deleteJob: the Job, then its entry in the active list; false (and an event) on failure. */
    boolean deleteJob(CronJob cronJob, Job job) {
        try {
            control.deleteJob(job);
        } catch (RuntimeException e) {
            recorder.warning(cronJob, "FailedDelete", "Deleted job: " + e.getMessage());
            LOG.warnf("deleting job %s of cronjob %s/%s failed: %s", job.getMetadata().getName(),
                    cronJob.getMetadata().getNamespace(), cronJob.getMetadata().getName(), e.getMessage());
            return false;
        }
        CronJobs.deleteFromActiveList(cronJob, job.getMetadata().getUid());
        recorder.normal(cronJob, "SuccessfulDelete", "Deleted job " + job.getMetadata().getName());
        return true;
    }
}
