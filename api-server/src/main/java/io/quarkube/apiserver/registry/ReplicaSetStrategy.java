package io.quarkube.apiserver.registry;

import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetStatus;
import io.quarkube.api.Resources;
import io.quarkube.apiserver.validation.FieldErrors;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Map;

/** ReplicaSets (pkg/registry/apps/replicaset): replicas default to 1; the selector must select the template. */
@ApplicationScoped
public class ReplicaSetStrategy extends SpecStatusStrategy<ReplicaSet, ReplicaSetStatus> {

    public ReplicaSetStrategy() {
        super(Resources.REPLICASETS, ReplicaSet::getStatus, ReplicaSet::setStatus);
    }

    @Override
    public void prepareForCreate(ReplicaSet rs) {
        rs.setStatus(new ReplicaSetStatus());
        rs.getStatus().setReplicas(0);
        if (rs.getSpec() != null) {
            if (rs.getSpec().getReplicas() == null) {
                rs.getSpec().setReplicas(1);
            }
            if (rs.getSpec().getTemplate() != null && rs.getSpec().getTemplate().getSpec() != null) {
                PodSpecRules.applyDefaults(rs.getSpec().getTemplate().getSpec());
            }
        }
    }

    @Override
    public void validate(ReplicaSet rs, FieldErrors errors) {
        if (rs.getSpec() == null) {
            errors.required("spec");
            return;
        }
        Integer replicas = rs.getSpec().getReplicas();
        if (replicas != null && replicas < 0) {
            errors.invalid("spec.replicas", replicas, "must be greater than or equal to 0");
        }
        LabelSelector selector = rs.getSpec().getSelector();
        if (selector == null || (isEmpty(selector.getMatchLabels())
                && (selector.getMatchExpressions() == null || selector.getMatchExpressions().isEmpty()))) {
            errors.required("spec.selector");
        }
        if (rs.getSpec().getTemplate() == null) {
            errors.required("spec.template");
            return;
        }
        Map<String, String> templateLabels = rs.getSpec().getTemplate().getMetadata() == null ? Map.of()
                : rs.getSpec().getTemplate().getMetadata().getLabels();
        if (selector != null && !Selectors.matches(selector, templateLabels)) {
            errors.invalid("spec.template.metadata.labels", templateLabels,
                    "`selector` does not match template `labels`");
        }
        PodSpecRules.validate(rs.getSpec().getTemplate().getSpec(), "spec.template.spec", errors);
    }

    @Override
    public void prepareForUpdate(ReplicaSet updated, ReplicaSet old) {
        super.prepareForUpdate(updated, old);
        if (updated.getSpec() != null && updated.getSpec().getReplicas() == null) {
            updated.getSpec().setReplicas(1);
        }
    }

    private static boolean isEmpty(Map<String, String> map) {
        return map == null || map.isEmpty();
    }
}
