package io.quarkube.controllermanager.deployment;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

/**
 * sync.go's scale: when spec.replicas changes (a scaling event: an active ReplicaSet's desired-replicas
 * annotation differs) or the Deployment is paused, the ReplicaSets are resized without advancing the rollout.
 * One active ReplicaSet takes all replicas; several share the change in proportion to their size
 * (deployment_util.go GetProportion), leftovers going to the largest.
 */
final class ProportionalScaler {
    private final Rollout rollout;

    ProportionalScaler(Rollout rollout) {
        this.rollout = rollout;
    }

    /** isScalingEvent: an active ReplicaSet was sized for another spec.replicas. */
    static boolean isScalingEvent(Deployment d, Rollout.Sets sets) {
        for (ReplicaSet rs : Replicas.active(sets.all())) {
            OptionalInt desired = Revisions.desiredReplicas(rs);
            if (desired.isPresent() && desired.getAsInt() != Replicas.of(d)) {
                return true;
            }
        }
        return false;
    }

    /** sync.go sync: scale, clean up history when paused, write the status. */
    void sync() {
        Rollout.Sets sets = rollout.allReplicaSetsAndSyncRevision(false);
        scale(sets.newRS(), sets.oldRSs());
        if (Boolean.TRUE.equals(rollout.deployment().getSpec().getPaused())) {
            rollout.cleanup(sets.oldRSs());
        }
        rollout.syncDeploymentStatus(sets.all(), sets.newRS());
    }

    void scale(ReplicaSet newRS, List<ReplicaSet> oldRSs) {
        Deployment d = rollout.deployment();
        int replicas = Replicas.of(d);
        ReplicaSet activeOrLatest = activeOrLatest(newRS, oldRSs);
        if (activeOrLatest != null) {
            rollout.scaleAndRecord(activeOrLatest, replicas);
            return;
        }
        if (isSaturated(d, newRS)) {
            for (ReplicaSet old : Replicas.active(oldRSs)) {
                rollout.scaleAndRecord(old, 0);
            }
            return;
        }
        if (!Fenceposts.isRollingUpdate(d)) {
            return;
        }
        List<ReplicaSet> all = new ArrayList<>(oldRSs);
        all.add(newRS);
        List<ReplicaSet> active = new ArrayList<>(Replicas.active(all));
        int allowedSize = replicas > 0 ? replicas + Fenceposts.maxSurge(d) : 0;
        int toAdd = allowedSize - Replicas.specTotal(active);
        String operation = toAdd > 0 ? "up" : "down";
        if (toAdd > 0) {
            active.sort(Replicas.BY_SIZE_NEWER);
        } else if (toAdd < 0) {
            active.sort(Replicas.BY_SIZE_OLDER);
        }
        int added = 0;
        Map<String, Integer> sizes = new HashMap<>();
        for (ReplicaSet rs : active) {
            int proportion = toAdd == 0 ? 0 : proportion(rs, d, toAdd, added);
            sizes.put(rs.getMetadata().getUid(), Replicas.of(rs) + proportion);
            added += proportion;
        }
        for (int i = 0; i < active.size(); i++) {
            ReplicaSet rs = active.get(i);
            int size = sizes.get(rs.getMetadata().getUid());
            if (i == 0 && toAdd != 0) {
                size = Math.max(0, size + toAdd - added);
            }
            rollout.scale(rs, size, operation);
        }
    }

    /** FindActiveOrLatest: the only active ReplicaSet, or the newest if none is active; null if several are. */
    static ReplicaSet activeOrLatest(ReplicaSet newRS, List<ReplicaSet> oldRSs) {
        if (newRS == null && oldRSs.isEmpty()) {
            return null;
        }
        List<ReplicaSet> newestFirst = new ArrayList<>(oldRSs);
        newestFirst.sort(Replicas.BY_CREATION.reversed());
        List<ReplicaSet> all = new ArrayList<>(newestFirst);
        all.add(newRS);
        List<ReplicaSet> active = Replicas.active(all);
        if (active.isEmpty()) {
            return newRS != null ? newRS : newestFirst.get(0);
        }
        return active.size() == 1 ? active.get(0) : null;
    }

    /** IsSaturated: the new ReplicaSet has, wants and makes available all the Deployment's replicas. */
    static boolean isSaturated(Deployment d, ReplicaSet rs) {
        if (rs == null) {
            return false;
        }
        OptionalInt desired = Revisions.desiredReplicas(rs);
        int replicas = Replicas.of(d);
        return desired.isPresent() && desired.getAsInt() == replicas && Replicas.of(rs) == replicas
                && Replicas.available(rs) == replicas;
    }

    /** GetProportion: this ReplicaSet's share, never more (up) or less (down) than what is left to share. */
    static int proportion(ReplicaSet rs, Deployment d, int toAdd, int added) {
        if (rs == null || Replicas.of(rs) == 0 || toAdd == 0 || toAdd == added) {
            return 0;
        }
        int fraction = fraction(rs, d);
        int allowed = toAdd - added;
        return toAdd > 0 ? Math.min(fraction, allowed) : Math.max(fraction, allowed);
    }

    /** getReplicaSetFraction: size * (replicas + maxSurge) / max-replicas annotation, minus size. */
    static int fraction(ReplicaSet rs, Deployment d) {
        int size = Replicas.of(rs);
        if (Replicas.of(d) == 0) {
            return -size;
        }
        int deploymentMax = Replicas.of(d) + Fenceposts.maxSurge(d);
        OptionalInt annotated = Revisions.maxReplicas(rs);
        int before = annotated.isPresent() && annotated.getAsInt() != 0 ? annotated.getAsInt()
                : d.getStatus() == null || d.getStatus().getReplicas() == null ? 0 : d.getStatus().getReplicas();
        if (before == 0) {
            return 0;
        }
        return (int) Math.round((double) size * deploymentMax / before) - size;
    }
}
