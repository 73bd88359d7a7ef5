package io.quarkube.apiserver.registry;

import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.quarkube.apiserver.validation.FieldErrors;

import java.util.List;
import java.util.Map;

/** What every pod-owning workload shares: a replica count, a selector that selects its pod template. */
final class WorkloadRules {
    private WorkloadRules() {
    }

    static void defaultTemplate(PodTemplateSpec template) {
        if (template != null && template.getSpec() != null) {
            PodSpecRules.applyDefaults(template.getSpec());
        }
    }

    static void validateReplicas(Integer replicas, String field, FieldErrors errors) {
        if (replicas != null && replicas < 0) {
            errors.invalid(field, replicas, "must be greater than or equal to 0");
        }
    }

    /** The selector is required, must select the template's labels, and the template must be a valid pod. */
    static void validateSelectorAndTemplate(LabelSelector selector, PodTemplateSpec template, String path,
                                            List<String> allowedRestartPolicies, FieldErrors errors) {
        if (selector == null || ((selector.getMatchLabels() == null || selector.getMatchLabels().isEmpty())
                && (selector.getMatchExpressions() == null || selector.getMatchExpressions().isEmpty()))) {
            errors.required(path + ".selector");
        }
        validateTemplate(template, path + ".template", allowedRestartPolicies, errors);
        if (template != null && selector != null) {
            Map<String, String> labels = template.getMetadata() == null ? Map.of() : template.getMetadata().getLabels();
            if (!Selectors.matches(selector, labels)) {
                errors.invalid(path + ".template.metadata.labels", labels, "`selector` does not match template `labels`");
            }
        }
    }

    static void validateTemplate(PodTemplateSpec template, String path, List<String> allowedRestartPolicies,
                                 FieldErrors errors) {
        if (template == null) {
            errors.required(path);
            return;
        }
        PodSpecRules.validate(template.getSpec(), path + ".spec", errors);
        String policy = template.getSpec() == null ? null : template.getSpec().getRestartPolicy();
        if (policy != null && !allowedRestartPolicies.contains(policy)) {
            errors.notSupported(path + ".spec.restartPolicy", policy, allowedRestartPolicies);
        }
    }
}
