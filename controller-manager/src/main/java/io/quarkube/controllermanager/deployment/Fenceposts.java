package io.quarkube.controllermanager.deployment;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.RollingUpdateDeployment;
import io.quarkube.controllermanager.controller.IntOrPercent;

/**
 * maxSurge and maxUnavailable resolved against spec.replicas as Kubernetes' ResolveFenceposts does: percentages
 * of surge round up, of unavailability round down; if both come to 0, one pod may be unavailable (validation
 * rejects both set to 0, but rounding down can still give 0).
 */
public final class Fenceposts {
    private Fenceposts() {
    }

    public record Resolved(int surge, int unavailable) {
    }

    public static boolean isRollingUpdate(Deployment d) {
        return d.getSpec().getStrategy() == null || d.getSpec().getStrategy().getType() == null
                || "RollingUpdate".equals(d.getSpec().getStrategy().getType());
    }

    public static boolean isRecreate(Deployment d) {
        return d.getSpec().getStrategy() != null && "Recreate".equals(d.getSpec().getStrategy().getType());
    }

    public static Resolved resolve(IntOrString maxSurge, IntOrString maxUnavailable, int desired) {
        int surge = IntOrPercent.scaled(maxSurge, desired, true);
        int unavailable = IntOrPercent.scaled(maxUnavailable, desired, false);
        if (surge == 0 && unavailable == 0) {
            unavailable = 1;
        }
        return new Resolved(surge, unavailable);
    }

    public static int maxSurge(Deployment d) {
        if (!isRollingUpdate(d)) {
            return 0;
        }
        return resolve(d).surge();
    }

    /** Capped at spec.replicas; 0 for Recreate and for 0 replicas. */
    public static int maxUnavailable(Deployment d) {
        int replicas = Replicas.of(d);
        if (!isRollingUpdate(d) || replicas == 0) {
            return 0;
        }
        return Math.min(resolve(d).unavailable(), replicas);
    }

    private static Resolved resolve(Deployment d) {
        RollingUpdateDeployment rolling = d.getSpec().getStrategy() == null ? null
                : d.getSpec().getStrategy().getRollingUpdate();
        IntOrString surge = rolling == null ? new IntOrString("25%") : rolling.getMaxSurge();
        IntOrString unavailable = rolling == null ? new IntOrString("25%") : rolling.getMaxUnavailable();
        return resolve(surge, unavailable, Replicas.of(d));
    }

    /**
     * NewRSNewReplicas: the new ReplicaSet's next size. Rolling: grow while all ReplicaSets together stay within
     * replicas + maxSurge ({@code currentPods} counts them), never beyond replicas. Recreate: replicas at once.
     */
    public static int newRSNewReplicas(Deployment d, int currentPods, int newRSReplicas) {
        int replicas = Replicas.of(d);
        if (!isRollingUpdate(d)) {
            return replicas;
        }
        int maxTotalPods = replicas + maxSurge(d);
        if (currentPods >= maxTotalPods) {
            return newRSReplicas;
        }
        int scaleUp = Math.min(maxTotalPods - currentPods, replicas - newRSReplicas);
        return newRSReplicas + scaleUp;
    }
}
