package io.quarkube.apiserver.registry;

import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetStatus;
import io.quarkube.api.Resources;
import io.quarkube.apiserver.validation.FieldErrors;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;

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
        applyDefaults(rs);
    }

    @Override
    protected void applyDefaults(ReplicaSet rs) {
        if (rs.getSpec() != null) {
            if (rs.getSpec().getReplicas() == null) {
                rs.getSpec().setReplicas(1);
            }
            WorkloadRules.defaultTemplate(rs.getSpec().getTemplate());
        }
    }

    @Override
    public void validate(ReplicaSet rs, FieldErrors errors) {
        if (rs.getSpec() == null) {
            errors.required("spec");
            return;
        }
        WorkloadRules.validateReplicas(rs.getSpec().getReplicas(), "spec.replicas", errors);
        WorkloadRules.validateSelectorAndTemplate(rs.getSpec().getSelector(), rs.getSpec().getTemplate(), "spec",
                List.of("Always"), errors);
    }
}
