package io.quarkube.controllermanager.cronjob;

import io.fabric8.kubernetes.api.model.ObjectReference;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobSpec;
import io.quarkube.api.json.Json;
import io.quarkube.controllermanager.controller.ControllerRefs;
import io.quarkube.controllermanager.job.JobConditions;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** Kubernetes' cronjob utils.go: the Job a schedule time makes, finished Jobs, the status.active list. */
final class CronJobs {
    static final String KIND = "CronJob";
    static final String API_VERSION = "batch/v1";
    /** batchv1.CronJobScheduledTimestampAnnotation: the scheduled time, RFC 3339 in the CronJob's time zone. */
    static final String SCHEDULED_TIMESTAMP_ANNOTATION = "batch.kubernetes.io/cronjob-scheduled-timestamp";
    private static final DateTimeFormatter RFC3339 = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ssXXX");

    /** Finished Jobs oldest first by status.startTime (none last), then by name. */
    static final Comparator<Job> BY_START_TIME = Comparator
            .comparing((Job j) -> startTime(j), Comparator.nullsLast(Comparator.naturalOrder()))
            .thenComparing(j -> j.getMetadata().getName());

    private CronJobs() {
    }

    /** "<cronjob>-<scheduled time in minutes since the epoch>": the name is the lock against creating it twice. */
    static String jobName(CronJob cronJob, Instant scheduledTime) {
        return cronJob.getMetadata().getName() + "-" + scheduledTime.getEpochSecond() / 60;
    }

    /** The Job for one scheduled time: the template's labels, annotations and spec, controlled by the CronJob. */
    static Job jobFromTemplate(CronJob cronJob, Instant scheduledTime, ZoneId annotationZone) {
        var template = cronJob.getSpec().getJobTemplate();
        Map<String, String> labels = new LinkedHashMap<>();
        Map<String, String> annotations = new LinkedHashMap<>();
        if (template.getMetadata() != null) {
            labels.putAll(Objects.requireNonNullElse(template.getMetadata().getLabels(), Map.of()));
            annotations.putAll(Objects.requireNonNullElse(template.getMetadata().getAnnotations(), Map.of()));
        }
        annotations.put(SCHEDULED_TIMESTAMP_ANNOTATION, RFC3339.format(scheduledTime.atZone(annotationZone)));
        JobSpec spec = template.getSpec() == null ? new JobSpec() : Json.copy(template.getSpec(), JobSpec.class);
        return new JobBuilder()
                .withNewMetadata()
                .withName(jobName(cronJob, scheduledTime))
                .withNamespace(cronJob.getMetadata().getNamespace())
                .withLabels(labels.isEmpty() ? null : labels)
                .withAnnotations(annotations)
                .withOwnerReferences(ControllerRefs.newControllerRef(cronJob, API_VERSION, KIND))
                .endMetadata()
                .withSpec(spec)
                .build();
    }

    /** "Complete" or "Failed" when the Job has that condition with status True, else null (still running). */
    static String finishedCondition(Job job) {
        return JobConditions.finishedType(job).orElse(null);
    }

    static boolean isFinished(Job job) {
        return finishedCondition(job) != null;
    }

    static boolean isSucceeded(Job job) {
        return "Complete".equals(finishedCondition(job));
    }

    static boolean inActiveList(CronJob cronJob, String uid) {
        return active(cronJob).stream().anyMatch(r -> Objects.equals(r.getUid(), uid));
    }

    static boolean inActiveListByName(CronJob cronJob, String name) {
        return active(cronJob).stream().anyMatch(r -> Objects.equals(r.getName(), name)
                && Objects.equals(r.getNamespace(), cronJob.getMetadata().getNamespace()));
    }

    static void deleteFromActiveList(CronJob cronJob, String uid) {
        List<ObjectReference> kept = new ArrayList<>(active(cronJob));
        kept.removeIf(r -> Objects.equals(r.getUid(), uid));
        cronJob.getStatus().setActive(kept);
    }

    static List<ObjectReference> active(CronJob cronJob) {
        if (cronJob.getStatus() == null || cronJob.getStatus().getActive() == null) {
            return List.of();
        }
        return cronJob.getStatus().getActive();
    }

    /** What status.active holds, as client-go's reference.GetReference. */
    static ObjectReference reference(Job job) {
        return new ObjectReferenceBuilder().withApiVersion(API_VERSION).withKind("Job")
                .withNamespace(job.getMetadata().getNamespace()).withName(job.getMetadata().getName())
                .withUid(job.getMetadata().getUid()).withResourceVersion(job.getMetadata().getResourceVersion())
                .build();
    }

    static Instant lastScheduleTime(CronJob cronJob) {
        return cronJob.getStatus() == null ? null : time(cronJob.getStatus().getLastScheduleTime());
    }

    static Instant creationTime(CronJob cronJob) {
        return time(cronJob.getMetadata().getCreationTimestamp());
    }

    static Instant time(String rfc3339) {
        return rfc3339 == null || rfc3339.isEmpty() ? null : Instant.parse(rfc3339);
    }

    private static Instant startTime(Job job) {
        return job.getStatus() == null ? null : time(job.getStatus().getStartTime());
    }
}
