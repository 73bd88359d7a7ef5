package io.quarkube.controllermanager.deployment;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;

import java.util.ArrayList;
import java.util.List;

/**
 * rolling.go: grow the new ReplicaSet while all pods stay within replicas + maxSurge, shrink old ones while
 * available pods stay at least replicas - maxUnavailable; one step per sync. Where Kubernetes counts pods by
 * spec.replicas and availability by the ReplicaSets' status, this also takes the pod cache into account
 * (ReplicaSets not yet caught up with a scale-down still have their surplus pods, and their status still counts
 * the deleted ones), so the bounds hold for the pods themselves at every moment, not only eventually.
 */
final class RollingUpdate {
    private final Rollout rollout;

    RollingUpdate(Rollout rollout) {
        this.rollout = rollout;
    }

    void rollout() {
        Rollout.Sets sets = rollout.allReplicaSetsAndSyncRevision(true);
        List<ReplicaSet> all = sets.all();
        if (reconcileNewReplicaSet(all, sets.newRS())) {
            rollout.syncRolloutStatus(all, sets.newRS());
            return;
        }
        List<ReplicaSet> oldActive = Replicas.active(rollout.current(sets.oldRSs()));
        if (reconcileOldReplicaSets(rollout.current(all), oldActive, rollout.current(List.of(sets.newRS())).get(0))) {
            rollout.syncRolloutStatus(all, sets.newRS());
            return;
        }
        Deployment d = rollout.deployment();
        if (RolloutStatus.complete(d, d.getStatus() == null ? new io.fabric8.kubernetes.api.model.apps.DeploymentStatus()
                : d.getStatus())) {
            rollout.cleanup(sets.oldRSs());
        }
        rollout.syncRolloutStatus(all, sets.newRS());
    }

    boolean reconcileNewReplicaSet(List<ReplicaSet> all, ReplicaSet newRS) {
        Deployment d = rollout.deployment();
        int want = Replicas.of(d);
        int size = Replicas.of(newRS);
        if (size == want) {
            return false;
        }
        if (size > want) {
            return rollout.scaleAndRecord(newRS, want).scaled();
        }
        int next = Fenceposts.newRSNewReplicas(d, rollout.podsAtMost(all), size);
        return rollout.scaleAndRecord(newRS, next).scaled();
    }

    boolean reconcileOldReplicaSets(List<ReplicaSet> all, List<ReplicaSet> oldActive, ReplicaSet newRS) {
        if (Replicas.specTotal(oldActive) == 0) {
            return false;
        }
        Deployment d = rollout.deployment();
        int minAvailable = Replicas.of(d) - Fenceposts.maxUnavailable(d);
        int newUnavailable = Replicas.of(newRS) - rollout.pods().availableAtLeast(newRS);
        int maxScaledDown = Replicas.specTotal(all) - minAvailable - newUnavailable;
        if (maxScaledDown <= 0) {
            return false;
        }
        List<ReplicaSet> old = new ArrayList<>(oldActive);
        int cleaned = cleanupUnhealthyReplicas(old, maxScaledDown);
        List<ReplicaSet> allNow = new ArrayList<>(old);
        allNow.add(newRS);
        int scaledDown = scaleDownOldReplicaSets(allNow, old, minAvailable);
        return cleaned + scaledDown > 0;
    }

    /**
     * Scales old ReplicaSets down by their unavailable pods first (oldest first), so that pods which never
     * became available cannot block the rollout; the ReplicaSet controller deletes not-ready pods first.
     */
    int cleanupUnhealthyReplicas(List<ReplicaSet> old, int maxCleanup) {
        old.sort(Replicas.BY_CREATION);
        int total = 0;
        for (int i = 0; i < old.size() && total < maxCleanup; i++) {
            ReplicaSet rs = old.get(i);
            int size = Replicas.of(rs);
            int available = Math.min(size, rollout.pods().of(rs).available());
            if (size == 0 || size == available) {
                continue;
            }
            int count = Math.min(maxCleanup - total, size - available);
            old.set(i, rollout.scaleAndRecord(rs, size - count).rs());
            total += count;
        }
        return total;
    }

    /** Scales old ReplicaSets down (oldest first) by as many pods as are available beyond the minimum. */
    int scaleDownOldReplicaSets(List<ReplicaSet> all, List<ReplicaSet> old, int minAvailable) {
        int available = rollout.availableAtLeast(all);
        if (available <= minAvailable) {
            return 0;
        }
        old.sort(Replicas.BY_CREATION);
        int target = available - minAvailable;
        int total = 0;
        for (ReplicaSet rs : old) {
            if (total >= target) {
                break;
            }
            int size = Replicas.of(rs);
            if (size == 0) {
                continue;
            }
            int count = Math.min(size, target - total);
            rollout.scaleAndRecord(rs, size - count);
            total += count;
        }
        return total;
    }
}
