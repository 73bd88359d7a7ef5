package io.quarkube.apiserver.registry;

import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetPersistentVolumeClaimRetentionPolicy;
import io.fabric8.kubernetes.api.model.apps.StatefulSetSpec;
import io.fabric8.kubernetes.api.model.apps.StatefulSetStatus;
import io.fabric8.kubernetes.api.model.apps.StatefulSetUpdateStrategyBuilder;
import io.quarkube.api.Resources;
import io.quarkube.apiserver.validation.FieldErrors;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;

/** StatefulSets: replicas 1, OrderedReady, RollingUpdate with partition 0, PVCs retained. */
@ApplicationScoped
public class StatefulSetStrategy extends SpecStatusStrategy<StatefulSet, StatefulSetStatus> {

    public StatefulSetStrategy() {
        super(Resources.STATEFULSETS, StatefulSet::getStatus, StatefulSet::setStatus);
    }

    @Override
    public void prepareForCreate(StatefulSet sts) {
        sts.setStatus(new StatefulSetStatus());
        sts.getStatus().setReplicas(0);
        applyDefaults(sts);
    }

    @Override
    protected void applyDefaults(StatefulSet object) {
        StatefulSetSpec spec = object.getSpec();
        if (spec == null) {
            return;
        }
        if (spec.getReplicas() == null) {
            spec.setReplicas(1);
        }
        if (spec.getPodManagementPolicy() == null) {
            spec.setPodManagementPolicy("OrderedReady");
        }
        if (spec.getUpdateStrategy() == null || spec.getUpdateStrategy().getType() == null) {
            spec.setUpdateStrategy(new StatefulSetUpdateStrategyBuilder().withType("RollingUpdate")
                    .withNewRollingUpdate().withPartition(0).endRollingUpdate().build());
        }
        if (spec.getRevisionHistoryLimit() == null) {
            spec.setRevisionHistoryLimit(10);
        }
        if (spec.getPersistentVolumeClaimRetentionPolicy() == null) {
            spec.setPersistentVolumeClaimRetentionPolicy(
                    new StatefulSetPersistentVolumeClaimRetentionPolicy("Retain", "Retain"));
        }
        WorkloadRules.defaultTemplate(spec.getTemplate());
    }

    @Override
    public void validate(StatefulSet sts, FieldErrors errors) {
        StatefulSetSpec spec = sts.getSpec();
        if (spec == null) {
            errors.required("spec");
            return;
        }
        WorkloadRules.validateReplicas(spec.getReplicas(), "spec.replicas", errors);
        WorkloadRules.validateSelectorAndTemplate(spec.getSelector(), spec.getTemplate(), "spec", List.of("Always"),
                errors);
        String policy = spec.getPodManagementPolicy();
        if (policy != null && !List.of("OrderedReady", "Parallel").contains(policy)) {
            errors.notSupported("spec.podManagementPolicy", policy, List.of("OrderedReady", "Parallel"));
        }
    }
}
