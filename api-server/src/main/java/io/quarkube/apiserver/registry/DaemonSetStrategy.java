package io.quarkube.apiserver.registry;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.DaemonSetSpec;
import io.fabric8.kubernetes.api.model.apps.DaemonSetStatus;
import io.fabric8.kubernetes.api.model.apps.DaemonSetUpdateStrategyBuilder;
import io.quarkube.api.Resources;
import io.quarkube.apiserver.validation.FieldErrors;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;

/** DaemonSets: RollingUpdate with maxUnavailable 1 and maxSurge 0, 10 revisions kept. */
@ApplicationScoped
public class DaemonSetStrategy extends SpecStatusStrategy<DaemonSet, DaemonSetStatus> {

    public DaemonSetStrategy() {
        super(Resources.DAEMONSETS, DaemonSet::getStatus, DaemonSet::setStatus);
    }

    @Override
    public void prepareForCreate(DaemonSet ds) {
        ds.setStatus(new DaemonSetStatus());
        ds.getStatus().setCurrentNumberScheduled(0);
        ds.getStatus().setDesiredNumberScheduled(0);
        ds.getStatus().setNumberMisscheduled(0);
        ds.getStatus().setNumberReady(0);
        applyDefaults(ds);
    }

    @Override
    protected void applyDefaults(DaemonSet object) {
        DaemonSetSpec spec = object.getSpec();
        if (spec == null) {
            return;
        }
        if (spec.getUpdateStrategy() == null || spec.getUpdateStrategy().getType() == null) {
            spec.setUpdateStrategy(new DaemonSetUpdateStrategyBuilder().withType("RollingUpdate")
                    .withNewRollingUpdate().withMaxUnavailable(new IntOrString(1)).withMaxSurge(new IntOrString(0))
                    .endRollingUpdate().build());
        }
        if (spec.getRevisionHistoryLimit() == null) {
            spec.setRevisionHistoryLimit(10);
        }
        WorkloadRules.defaultTemplate(spec.getTemplate());
    }

    @Override
    public void validate(DaemonSet ds, FieldErrors errors) {
        if (ds.getSpec() == null) {
            errors.required("spec");
            return;
        }
        WorkloadRules.validateSelectorAndTemplate(ds.getSpec().getSelector(), ds.getSpec().getTemplate(), "spec",
                List.of("Always"), errors);
    }
}
