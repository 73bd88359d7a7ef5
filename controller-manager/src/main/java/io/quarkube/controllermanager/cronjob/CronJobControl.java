package io.quarkube.controllermanager.cronjob;

import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.quarkube.api.Resources;
import io.quarkube.api.client.ApiClient;
import io.quarkube.controllermanager.controller.ObjectControl;

import java.util.Optional;

/**
 * The CronJob controller's writes and live reads (Kubernetes' jobControl and cjControl); failures are
 * ApiExceptions. Tests record them instead.
 */
interface CronJobControl {
    /** A live GET, for when the cache may lag behind (a Job missing from it, the active list after a restart). */
    Optional<Job> getJob(String namespace, String name);

    Job createJob(Job job);

    /** Deletes the Job with Background propagation: the garbage collector removes its pods afterwards. */
    void deleteJob(Job job);

    Optional<CronJob> getCronJob(String namespace, String name);

    CronJob updateStatus(CronJob cronJob);

    static CronJobControl of(ApiClient api) {
        return new CronJobControl() {
            @Override
            public Optional<Job> getJob(String namespace, String name) {
                return api.get(Resources.JOBS, namespace, name);
            }

            @Override
            public Job createJob(Job job) {
                return api.create(Resources.JOBS, job);
            }

            @Override
            public void deleteJob(Job job) {
                api.delete(Resources.JOBS, job.getMetadata().getNamespace(), job.getMetadata().getName(),
                        ObjectControl.deleteOptions("Background", job.getMetadata().getUid()));
            }

            @Override
            public Optional<CronJob> getCronJob(String namespace, String name) {
                return api.get(Resources.CRONJOBS, namespace, name);
            }

            @Override
            public CronJob updateStatus(CronJob cronJob) {
                return api.updateStatus(Resources.CRONJOBS, cronJob);
            }
        };
    }
}
