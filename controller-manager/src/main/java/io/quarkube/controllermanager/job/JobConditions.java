package io.quarkube.controllermanager.job;

import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobCondition;
import io.quarkube.controllermanager.controller.PodUtil;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A Job's conditions as Kubernetes 1.31+ writes them (pkg/controller/job/util): the interim SuccessCriteriaMet /
 * FailureTarget first, the terminal Complete / Failed once every pod is accounted for. Public so that other
 * controllers (CronJob, TTL-after-finished) ask "is this Job finished, and how" the same way.
 */
public final class JobConditions {
    public static final String COMPLETE = "Complete";
    public static final String FAILED = "Failed";
    public static final String SUSPENDED = "Suspended";
    public static final String FAILURE_TARGET = "FailureTarget";
    public static final String SUCCESS_CRITERIA_MET = "SuccessCriteriaMet";

    public static final String REASON_BACKOFF_LIMIT_EXCEEDED = "BackoffLimitExceeded";
    public static final String REASON_DEADLINE_EXCEEDED = "DeadlineExceeded";
    public static final String REASON_POD_FAILURE_POLICY = "PodFailurePolicy";
    public static final String REASON_COMPLETIONS_REACHED = "CompletionsReached";

    private JobConditions() {
    }

    /** The condition of this type, whatever its status. */
    public static Optional<JobCondition> find(Job job, String type) {
        return conditions(job).stream().filter(c -> type.equals(c.getType())).findFirst();
    }

    /** True if the Job has the condition with status True. */
    public static boolean isTrue(Job job, String type) {
        return find(job, type).map(c -> "True".equals(c.getStatus())).orElse(false);
    }

    /** Finished: Complete or Failed is True (Kubernetes' IsJobFinished). */
    public static boolean isFinished(Job job) {
        return finishedCondition(job).isPresent();
    }

    /** The Complete or Failed condition that is True, if any (Kubernetes' FinishedCondition). */
    public static Optional<JobCondition> finishedCondition(Job job) {
        return conditions(job).stream()
                .filter(c -> (COMPLETE.equals(c.getType()) || FAILED.equals(c.getType())) && "True".equals(c.getStatus()))
                .findFirst();
    }

    /** "Complete" or "Failed" for a finished Job (CronJob's getFinishedStatus), empty while it runs. */
    public static Optional<String> finishedType(Job job) {
        return finishedCondition(job).map(JobCondition::getType);
    }

    public static boolean isComplete(Job job) {
        return isTrue(job, COMPLETE);
    }

    public static boolean isFailed(Job job) {
        return isTrue(job, FAILED);
    }

    /** When it finished: the terminal condition's lastTransitionTime (what TTL-after-finished counts from). */
    public static Optional<Instant> finishTime(Job job) {
        return finishedCondition(job).map(c -> PodUtil.time(c.getLastTransitionTime()));
    }

    static List<JobCondition> conditions(Job job) {
        if (job.getStatus() == null || job.getStatus().getConditions() == null) {
            return List.of();
        }
        return job.getStatus().getConditions();
    }

    /** A condition stamped now (probe and transition time), as Kubernetes' newCondition. */
    static JobCondition newCondition(String type, String status, String reason, String message, Instant now) {
        String time = timestamp(now);
        JobCondition c = new JobCondition();
        c.setType(type);
        c.setStatus(status);
        c.setReason(reason);
        c.setMessage(message);
        c.setLastProbeTime(time);
        c.setLastTransitionTime(time);
        return c;
    }

    /**
     * Kubernetes' ensureJobConditionStatus: sets the condition (replacing one of that type if status, reason or
     * message differ); a False condition is never added where none was. Returns true if the list changed.
     */
    static boolean ensure(Job job, String type, String status, String reason, String message, Instant now) {
        List<JobCondition> list = job.getStatus().getConditions() == null ? new ArrayList<>()
                : new ArrayList<>(job.getStatus().getConditions());
        for (int i = 0; i < list.size(); i++) {
            JobCondition c = list.get(i);
            if (type.equals(c.getType())) {
                if (Objects.equals(c.getStatus(), status) && Objects.equals(c.getReason(), reason)
                        && Objects.equals(c.getMessage(), message)) {
                    return false;
                }
                list.set(i, newCondition(type, status, reason, message, now));
                job.getStatus().setConditions(list);
                return true;
            }
        }
        if ("False".equals(status)) {
            return false;
        }
        list.add(newCondition(type, status, reason, message, now));
        job.getStatus().setConditions(list);
        return true;
    }

    static void append(Job job, JobCondition condition) {
        List<JobCondition> list = job.getStatus().getConditions() == null ? new ArrayList<>()
                : new ArrayList<>(job.getStatus().getConditions());
        list.add(condition);
        job.getStatus().setConditions(list);
    }

    /** RFC 3339 with whole seconds, as metav1.Time serializes. */
    static String timestamp(Instant instant) {
        return instant.truncatedTo(ChronoUnit.SECONDS).toString();
    }
}
