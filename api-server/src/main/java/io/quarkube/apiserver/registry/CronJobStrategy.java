package io.quarkube.apiserver.registry;

import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.CronJobSpec;
import io.fabric8.kubernetes.api.model.batch.v1.CronJobStatus;
import io.quarkube.api.Resources;
import io.quarkube.api.cron.CronSchedule;
import io.quarkube.apiserver.validation.FieldErrors;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.ZoneOffset;
import java.util.List;

/** CronJobs: Allow concurrency, not suspended, 3 successful and 1 failed job kept; the schedule and time zone must parse as the controller reads them. */
@ApplicationScoped
public class CronJobStrategy extends SpecStatusStrategy<CronJob, CronJobStatus> {
    private static final List<String> POLICIES = List.of("Allow", "Forbid", "Replace");

    public CronJobStrategy() {
        super(Resources.CRONJOBS, CronJob::getStatus, CronJob::setStatus);
    }

    @Override
    public void prepareForCreate(CronJob cronJob) {
        cronJob.setStatus(new CronJobStatus());
        applyDefaults(cronJob);
    }

    @Override
    protected void applyDefaults(CronJob object) {
        CronJobSpec spec = object.getSpec();
        if (spec == null) {
            return;
        }
        if (spec.getConcurrencyPolicy() == null) {
            spec.setConcurrencyPolicy("Allow");
        }
        if (spec.getSuspend() == null) {
            spec.setSuspend(false);
        }
        if (spec.getSuccessfulJobsHistoryLimit() == null) {
            spec.setSuccessfulJobsHistoryLimit(3);
        }
        if (spec.getFailedJobsHistoryLimit() == null) {
            spec.setFailedJobsHistoryLimit(1);
        }
        if (spec.getJobTemplate() != null && spec.getJobTemplate().getSpec() != null) {
            JobStrategy.defaultSpec(spec.getJobTemplate().getSpec());
        }
    }

    @Override
    public void validate(CronJob cronJob, FieldErrors errors) {
        CronJobSpec spec = cronJob.getSpec();
        if (spec == null) {
            errors.required("spec");
            return;
        }
        if (spec.getSchedule() == null || spec.getSchedule().isBlank()) {
            errors.required("spec.schedule");
        } else {
            try {
                CronSchedule.parse(spec.getSchedule()); // the parser the CronJob controller runs it with
            } catch (IllegalArgumentException e) {
                errors.invalid("spec.schedule", spec.getSchedule(), e.getMessage());
            }
        }
        if (spec.getTimeZone() != null) {
            try {
                CronSchedule.timeZone(spec.getTimeZone(), ZoneOffset.UTC);
            } catch (IllegalArgumentException e) {
                errors.invalid("spec.timeZone", spec.getTimeZone(), e.getMessage());
            }
        }
        nonNegative(spec.getStartingDeadlineSeconds() == null ? null : spec.getStartingDeadlineSeconds().intValue(),
                "spec.startingDeadlineSeconds", errors);
        nonNegative(spec.getSuccessfulJobsHistoryLimit(), "spec.successfulJobsHistoryLimit", errors);
        nonNegative(spec.getFailedJobsHistoryLimit(), "spec.failedJobsHistoryLimit", errors);
        if (spec.getConcurrencyPolicy() != null && !POLICIES.contains(spec.getConcurrencyPolicy())) {
            errors.notSupported("spec.concurrencyPolicy", spec.getConcurrencyPolicy(), POLICIES);
        }
        if (spec.getJobTemplate() == null) {
            errors.required("spec.jobTemplate");
        } else {
            JobStrategy.validateSpec(spec.getJobTemplate().getSpec(), "spec.jobTemplate.spec", errors);
        }
    }

    private static void nonNegative(Integer value, String field, FieldErrors errors) {
        if (value != null && value < 0) {
            errors.invalid(field, value, "must be greater than or equal to 0");
        }
    }
}
