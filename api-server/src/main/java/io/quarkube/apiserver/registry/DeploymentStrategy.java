package io.quarkube.apiserver.registry;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentSpec;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatus;
import io.fabric8.kubernetes.api.model.apps.DeploymentStrategyBuilder;
import io.quarkube.api.Resources;
import io.quarkube.apiserver.validation.FieldErrors;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;

/** Deployments (pkg/apis/apps/v1/defaults.go): replicas 1, RollingUpdate 25%/25%, 10 revisions, 600 s deadline. */
@ApplicationScoped
public class DeploymentStrategy extends SpecStatusStrategy<Deployment, DeploymentStatus> {

    public DeploymentStrategy() {
        super(Resources.DEPLOYMENTS, Deployment::getStatus, Deployment::setStatus);
    }

    @Override
    public void prepareForCreate(Deployment deployment) {
        deployment.setStatus(new DeploymentStatus());
        applyDefaults(deployment);
    }

    @Override
    protected void applyDefaults(Deployment object) {
        DeploymentSpec spec = object.getSpec();
        if (spec == null) {
            return;
        }
        if (spec.getReplicas() == null) {
            spec.setReplicas(1);
        }
        if (spec.getStrategy() == null) {
            spec.setStrategy(new DeploymentStrategyBuilder().withType("RollingUpdate").withNewRollingUpdate()
                    .withMaxSurge(new IntOrString("25%")).withMaxUnavailable(new IntOrString("25%"))
                    .endRollingUpdate().build());
        } else {
            if (spec.getStrategy().getType() == null) { // a rollingUpdate given without a type keeps its values
                spec.getStrategy().setType("RollingUpdate");
            }
        }
        if ("RollingUpdate".equals(spec.getStrategy().getType())) {
            var rolling = spec.getStrategy().getRollingUpdate();
            if (rolling == null) {
                spec.getStrategy().setRollingUpdate(new io.fabric8.kubernetes.api.model.apps.RollingUpdateDeployment(
                        new IntOrString("25%"), new IntOrString("25%")));
            } else {
                if (rolling.getMaxSurge() == null) {
                    rolling.setMaxSurge(new IntOrString("25%"));
                }
                if (rolling.getMaxUnavailable() == null) {
                    rolling.setMaxUnavailable(new IntOrString("25%"));
                }
            }
        }
        if (spec.getRevisionHistoryLimit() == null) {
            spec.setRevisionHistoryLimit(10);
        }
        if (spec.getProgressDeadlineSeconds() == null) {
            spec.setProgressDeadlineSeconds(600);
        }
        WorkloadRules.defaultTemplate(spec.getTemplate());
    }

    @Override
    public void validate(Deployment deployment, FieldErrors errors) {
        DeploymentSpec spec = deployment.getSpec();
        if (spec == null) {
            errors.required("spec");
            return;
        }
        WorkloadRules.validateReplicas(spec.getReplicas(), "spec.replicas", errors);
        WorkloadRules.validateSelectorAndTemplate(spec.getSelector(), spec.getTemplate(), "spec", List.of("Always"),
                errors);
        String type = spec.getStrategy() == null ? null : spec.getStrategy().getType();
        if (type != null && !List.of("RollingUpdate", "Recreate").contains(type)) {
            errors.notSupported("spec.strategy.type", type, List.of("Recreate", "RollingUpdate"));
        }
        var rolling = spec.getStrategy() == null ? null : spec.getStrategy().getRollingUpdate();
        if ("RollingUpdate".equals(type) && rolling != null && isZero(rolling.getMaxSurge())
                && isZero(rolling.getMaxUnavailable())) {
            // no pod could ever be replaced
            errors.invalid("spec.strategy.rollingUpdate.maxUnavailable", rolling.getMaxUnavailable().getValue(),
                    "may not be 0 when `maxSurge` is 0");
        }
    }

    private static boolean isZero(IntOrString value) {
        if (value == null) {
            return false;
        }
        Object v = value.getValue();
        return v instanceof Integer i ? i == 0 : "0%".equals(v) || "0".equals(v);
    }
}
