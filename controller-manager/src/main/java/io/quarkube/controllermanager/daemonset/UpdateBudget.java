package io.quarkube.controllermanager.daemonset;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.RollingUpdateDaemonSet;
import io.quarkube.controllermanager.controller.IntOrPercent;

/**
 * maxSurge and maxUnavailable of a RollingUpdate DaemonSet as pod counts (Kubernetes' SurgeCount /
 * UnavailableCount): percentages of the nodes that should run a pod, rounded up; absent or unreadable values
 * count as 0.
 */
record UpdateBudget(int maxSurge, int maxUnavailable) {

    static boolean isRollingUpdate(DaemonSet ds) {
        var strategy = ds.getSpec().getUpdateStrategy();
        return strategy == null || strategy.getType() == null || "RollingUpdate".equals(strategy.getType());
    }

    /**
     * With neither surge nor unavailability allowed (the api-server should refuse that), one pod may be
     * unavailable, as Kubernetes' updatedDesiredNodeCounts decides.
     */
    static UpdateBudget of(DaemonSet ds, int desiredNumberScheduled) {
        int surge = surge(ds, desiredNumberScheduled);
        int unavailable = unavailable(ds, desiredNumberScheduled);
        if (desiredNumberScheduled > 0 && surge == 0 && unavailable == 0) {
            unavailable = 1;
        }
        return new UpdateBudget(surge, unavailable);
    }

    /** AllowsSurge: with surge, two pods (one old, one new) may run on a node during an update. */
    static boolean allowsSurge(DaemonSet ds) {
        return surge(ds, 1) != 0;
    }

    private static int surge(DaemonSet ds, int total) {
        RollingUpdateDaemonSet rolling = rolling(ds);
        return rolling == null ? 0 : IntOrPercent.scaledLeniently(rolling.getMaxSurge(), total, true);
    }

    private static int unavailable(DaemonSet ds, int total) {
        RollingUpdateDaemonSet rolling = rolling(ds);
        return rolling == null ? 0 : IntOrPercent.scaledLeniently(rolling.getMaxUnavailable(), total, true);
    }

    private static RollingUpdateDaemonSet rolling(DaemonSet ds) {
        if (!isRollingUpdate(ds) || ds.getSpec().getUpdateStrategy() == null) {
            return null;
        }
        return ds.getSpec().getUpdateStrategy().getRollingUpdate();
    }
}
