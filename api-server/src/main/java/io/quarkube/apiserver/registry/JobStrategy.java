package io.quarkube.apiserver.registry;

import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobSpec;
import io.fabric8.kubernetes.api.model.batch.v1.JobStatus;
import io.quarkube.api.Resources;
import io.quarkube.apiserver.validation.FieldErrors;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Jobs (pkg/registry/batch/job/strategy.go): unless manualSelector, the server generates the selector and the
 * template labels from the job's uid; backoffLimit 6, completions and parallelism 1; pods may not restart Always.
 */
@ApplicationScoped
public class JobStrategy extends SpecStatusStrategy<Job, JobStatus> {
    static final String CONTROLLER_UID = "batch.kubernetes.io/controller-uid";
    static final String JOB_NAME = "batch.kubernetes.io/job-name";

    public JobStrategy() {
        super(Resources.JOBS, Job::getStatus, Job::setStatus);
    }

    @Override
    public void prepareForCreate(Job job) {
        job.setStatus(new JobStatus());
        JobSpec spec = job.getSpec();
        if (spec == null) {
            return;
        }
        defaultSpec(spec);
        if (!Boolean.TRUE.equals(spec.getManualSelector()) && spec.getTemplate() != null) {
            generateSelector(job);
        }
    }

    static void defaultSpec(JobSpec spec) {
        if (spec.getBackoffLimit() == null) {
            spec.setBackoffLimit(6);
        }
        if (spec.getCompletions() == null && spec.getParallelism() == null) {
            spec.setCompletions(1);
        }
        if (spec.getParallelism() == null) {
            spec.setParallelism(1);
        }
        if (spec.getCompletionMode() == null) {
            spec.setCompletionMode("NonIndexed");
        }
        if (spec.getSuspend() == null) {
            spec.setSuspend(false);
        }
        if (spec.getPodReplacementPolicy() == null) {
            // Kubernetes: Failed when a podFailurePolicy is set, else TerminatingOrFailed
            spec.setPodReplacementPolicy(spec.getPodFailurePolicy() != null ? "Failed" : "TerminatingOrFailed");
        }
        WorkloadRules.defaultTemplate(spec.getTemplate());
    }

    private static void generateSelector(Job job) {
        String uid = job.getMetadata().getUid();
        String name = job.getMetadata().getName();
        job.getSpec().setSelector(new LabelSelectorBuilder().addToMatchLabels(CONTROLLER_UID, uid).build());
        ObjectMeta templateMeta = job.getSpec().getTemplate().getMetadata();
        if (templateMeta == null) {
            templateMeta = new ObjectMeta();
            job.getSpec().getTemplate().setMetadata(templateMeta);
        }
        Map<String, String> labels = templateMeta.getLabels() == null ? new HashMap<>()
                : new HashMap<>(templateMeta.getLabels());
        labels.put(CONTROLLER_UID, uid);
        labels.put(JOB_NAME, name);
        labels.put("controller-uid", uid);
        labels.put("job-name", name);
        templateMeta.setLabels(labels);
    }

    @Override
    public void validate(Job job, FieldErrors errors) {
        validateSpec(job.getSpec(), "spec", errors);
    }

    static void validateSpec(JobSpec spec, String path, FieldErrors errors) {
        if (spec == null) {
            errors.required(path);
            return;
        }
        nonNegative(spec.getBackoffLimit(), path + ".backoffLimit", errors);
        nonNegative(spec.getCompletions(), path + ".completions", errors);
        nonNegative(spec.getParallelism(), path + ".parallelism", errors);
        List<String> policies = List.of("OnFailure", "Never");
        if (spec.getSelector() != null) {
            WorkloadRules.validateSelectorAndTemplate(spec.getSelector(), spec.getTemplate(), path, policies, errors);
        } else {
            WorkloadRules.validateTemplate(spec.getTemplate(), path + ".template", policies, errors);
        }
    }

    private static void nonNegative(Integer value, String field, FieldErrors errors) {
        if (value != null && value < 0) {
            errors.invalid(field, value, "must be greater than or equal to 0");
        }
    }
}
