package io.quarkube.controllermanager.cronjob;

import io.fabric8.kubernetes.api.model.ObjectReference;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.CronJobBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobConditionBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobStatus;
import io.quarkube.controllermanager.controller.ControllerRefs;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** CronJobs and the Jobs they own, as the caches would hold them. */
final class CronJobFixtures {
    static final String NS = "default";

    private CronJobFixtures() {
    }

    /** "hello", created at {@code created}, Allow, not suspended, limits 3/1 (the api-server's defaults). */
    static CronJob cronJob(String schedule, Instant created) {
        return new CronJobBuilder()
                .withNewMetadata().withName("hello").withNamespace(NS).withUid("uid-hello")
                .withResourceVersion("5").withCreationTimestamp(created.toString()).endMetadata()
                .withNewSpec().withSchedule(schedule).withConcurrencyPolicy("Allow").withSuspend(false)
                .withSuccessfulJobsHistoryLimit(3).withFailedJobsHistoryLimit(1)
                .withNewJobTemplate()
                .withNewMetadata().withLabels(Map.of("app", "hello")).withAnnotations(Map.of("note", "tmpl"))
                .endMetadata()
                .withNewSpec().withBackoffLimit(2).withNewTemplate().withNewSpec().addNewContainer()
                .withName("hello").withImage("busybox:1.28").endContainer().withRestartPolicy("OnFailure")
                .endSpec().endTemplate().endSpec()
                .endJobTemplate()
                .endSpec()
                .withNewStatus().endStatus()
                .build();
    }

    /** A Job the CronJob made for this scheduled time, running (no finished condition). */
    static Job job(CronJob owner, Instant scheduled) {
        String name = owner.getMetadata().getName() + "-" + scheduled.getEpochSecond() / 60;
        return new JobBuilder()
                .withNewMetadata().withName(name).withNamespace(NS).withUid("uid-" + name).withResourceVersion("7")
                .withOwnerReferences(ControllerRefs.newControllerRef(owner, "batch/v1", "CronJob")).endMetadata()
                .withNewSpec().endSpec()
                .withNewStatus().withStartTime(scheduled.plusSeconds(1).toString()).withActive(1).endStatus()
                .build();
    }

    static Job finished(Job job, String type, Instant completion) {
        if (job.getStatus() == null) {
            job.setStatus(new JobStatus());
        }
        JobStatus status = job.getStatus();
        status.setActive(0);
        status.setConditions(List.of(new JobConditionBuilder().withType(type).withStatus("True").build()));
        if ("Complete".equals(type)) {
            status.setCompletionTime(completion.toString());
        }
        return job;
    }

    static CronJob withActive(CronJob cronJob, Job... jobs) {
        List<ObjectReference> active = new ArrayList<>(CronJobs.active(cronJob));
        for (Job job : jobs) {
            active.add(CronJobs.reference(job));
        }
        cronJob.getStatus().setActive(active);
        return cronJob;
    }

    static List<String> names(List<ObjectReference> refs) {
        return refs == null ? List.of() : refs.stream().map(ObjectReference::getName).toList();
    }
}
