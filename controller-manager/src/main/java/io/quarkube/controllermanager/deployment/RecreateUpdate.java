package io.quarkube.controllermanager.deployment;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;

import java.util.List;

/**
 * recreate.go: scale every old ReplicaSet to 0, wait until none of their pods is left (terminating ones
 * included), and only then create the new ReplicaSet with all the replicas: old and new pods never run together.
 */
final class RecreateUpdate {
    private final Rollout rollout;

    RecreateUpdate(Rollout rollout) {
        this.rollout = rollout;
    }

    void rollout() {
        // not created yet if missing: never scale up before the old pods are gone
        Rollout.Sets sets = rollout.allReplicaSetsAndSyncRevision(false);
        boolean scaledDown = false;
        for (ReplicaSet old : Replicas.active(sets.oldRSs())) {
            scaledDown |= rollout.scaleAndRecord(old, 0).scaled();
        }
        if (scaledDown || rollout.pods().oldPodsRunning(sets.newRS(), rollout.current(sets.oldRSs()))) {
            rollout.syncRolloutStatus(sets.all(), sets.newRS());
            return;
        }
        if (sets.newRS() == null) {
            sets = rollout.allReplicaSetsAndSyncRevision(true);
        }
        Deployment d = rollout.deployment();
        rollout.scaleAndRecord(rollout.current(List.of(sets.newRS())).get(0), Replicas.of(d));
        if (d.getStatus() != null && RolloutStatus.complete(d, d.getStatus())) {
            rollout.cleanup(sets.oldRSs());
        }
        rollout.syncRolloutStatus(sets.all(), sets.newRS());
    }
}
