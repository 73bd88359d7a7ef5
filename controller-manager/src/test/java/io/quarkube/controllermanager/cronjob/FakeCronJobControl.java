package io.quarkube.controllermanager.cronjob;

import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.quarkube.api.client.ApiException;
import io.quarkube.api.json.Json;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Records the controller's writes. Live reads answer from {@link #liveJobs} / {@link #liveCronJob} (what the
 * api-server holds); a created Job becomes live (with a uid), a second create of the name is AlreadyExists.
 */
final class FakeCronJobControl implements CronJobControl {
    final List<Job> created = new ArrayList<>();
    final List<String> deleted = new ArrayList<>();
    final List<CronJob> statusWrites = new ArrayList<>();
    final Map<String, Job> liveJobs = new LinkedHashMap<>();
    CronJob liveCronJob;
    RuntimeException createError;
    RuntimeException deleteError;
    RuntimeException statusError;

    @Override
    public Optional<Job> getJob(String namespace, String name) {
        return Optional.ofNullable(liveJobs.get(name));
    }

    @Override
    public Job createJob(Job job) {
        if (createError != null) {
            throw createError;
        }
        if (liveJobs.containsKey(job.getMetadata().getName())) {
            throw new ApiException(409, new StatusBuilder().withReason("AlreadyExists").withCode(409).build(),
                    "jobs.batch \"" + job.getMetadata().getName() + "\" already exists");
        }
        Job stored = Json.copy(job, Job.class);
        stored.getMetadata().setUid("uid-" + job.getMetadata().getName());
        stored.getMetadata().setResourceVersion("1");
        created.add(stored);
        liveJobs.put(stored.getMetadata().getName(), stored);
        return stored;
    }

    @Override
    public void deleteJob(Job job) {
        if (deleteError != null) {
            throw deleteError;
        }
        deleted.add(job.getMetadata().getName());
        liveJobs.remove(job.getMetadata().getName());
    }

    @Override
    public Optional<CronJob> getCronJob(String namespace, String name) {
        return Optional.ofNullable(liveCronJob);
    }

    @Override
    public CronJob updateStatus(CronJob cronJob) {
        if (statusError != null) {
            throw statusError;
        }
        CronJob written = Json.copy(cronJob, CronJob.class);
        statusWrites.add(written);
        return written;
    }

    CronJob lastStatus() {
        return statusWrites.get(statusWrites.size() - 1);
    }
}
