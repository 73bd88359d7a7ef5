package io.quarkube.apiserver.registry;

import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.CronJobSpec;
import io.fabric8.kubernetes.api.model.batch.v1.CronJobStatus;
import io.quarkube.api.Resources;
import io.quarkube.apiserver.validation.FieldErrors;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;

/** CronJobs: Allow concurrency, not suspended, 3 successful and 1 failed job kept; the schedule must parse. */
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
        } else if (!isCronSchedule(spec.getSchedule())) {
            errors.invalid("spec.schedule", spec.getSchedule(), "unparseable schedule: expected 5 fields "
                    + "(minute hour day-of-month month day-of-week) or a macro such as @hourly");
        }
        if (spec.getConcurrencyPolicy() != null && !POLICIES.contains(spec.getConcurrencyPolicy())) {
            errors.notSupported("spec.concurrencyPolicy", spec.getConcurrencyPolicy(), POLICIES);
        }
        if (spec.getJobTemplate() == null) {
            errors.required("spec.jobTemplate");
        } else {
            JobStrategy.validateSpec(spec.getJobTemplate().getSpec(), "spec.jobTemplate.spec", errors);
        }
    }

    static boolean isCronSchedule(String schedule) {
        String s = schedule.trim();
        if (s.startsWith("TZ=") || s.startsWith("CRON_TZ=")) {
            s = s.substring(s.indexOf(' ') + 1).trim();
        }
        if (s.startsWith("@")) {
            return List.of("@yearly", "@annually", "@monthly", "@weekly", "@daily", "@midnight", "@hourly")
                    .contains(s) || s.startsWith("@every ");
        }
        String[] fields = s.split("\\s+");
        if (fields.length != 5) {
            return false;
        }
        for (String field : fields) {
            if (!field.matches("[0-9A-Za-z*?/,\\-]+")) {
                return false;
            }
        }
        return true;
    }
}
