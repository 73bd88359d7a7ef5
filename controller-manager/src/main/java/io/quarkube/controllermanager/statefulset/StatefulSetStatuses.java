package io.quarkube.controllermanager.statefulset;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetStatus;

import java.time.Instant;
import java.util.Collection;
import java.util.Objects;

/**
 * The replica counts of a StatefulSet's status (Kubernetes' computeReplicaStatus, completeRollingUpdate and
 * inconsistentStatus) — what {@code kubectl rollout status statefulset/x} reads.
 */
final class StatefulSetStatuses {
    private StatefulSetStatuses() {
    }

    /** Sets replicas, readyReplicas, availableReplicas, currentReplicas and updatedReplicas from the pods. */
    @SafeVarargs
    static void count(StatefulSetStatus status, int minReadySeconds, Instant now, String currentRevision,
                      String updateRevision, Collection<Pod>... podLists) {
        int replicas = 0;
        int ready = 0;
        int available = 0;
        int current = 0;
        int updated = 0;
        for (Collection<Pod> pods : podLists) {
            for (Pod pod : pods) {
                boolean created = StatefulPods.isCreated(pod);
                if (created) {
                    replicas++;
                }
                if (StatefulPods.isRunningAndReady(pod)) {
                    ready++;
                    if (StatefulPods.isRunningAndAvailable(pod, minReadySeconds, now)) {
                        available++;
                    }
                }
                if (created && !StatefulPods.isTerminating(pod)) {
                    String revision = StatefulPods.revision(pod);
                    if (revision.equals(currentRevision)) {
                        current++;
                    }
                    if (revision.equals(updateRevision)) {
                        updated++;
                    }
                }
            }
        }
        status.setReplicas(replicas);
        status.setReadyReplicas(ready);
        status.setAvailableReplicas(available);
        status.setCurrentReplicas(current);
        status.setUpdatedReplicas(updated);
    }

    /** A RollingUpdate is complete when every desired replica is updated and ready: the update becomes current. */
    static void completeRollingUpdate(StatefulSet set, StatefulSetStatus status) {
        var strategy = set.getSpec().getUpdateStrategy();
        int want = StatefulPods.replicas(set);
        if (strategy != null && "RollingUpdate".equals(strategy.getType())
                && value(status.getUpdatedReplicas()) == want && value(status.getReadyReplicas()) == want
                && value(status.getReplicas()) == want) {
            status.setCurrentReplicas(status.getUpdatedReplicas());
            status.setCurrentRevision(status.getUpdateRevision());
        }
    }

    /** Whether the status differs from the set's enough to write it. */
    static boolean inconsistent(StatefulSet set, StatefulSetStatus status) {
        StatefulSetStatus old = set.getStatus() == null ? new StatefulSetStatus() : set.getStatus();
        long observed = old.getObservedGeneration() == null ? 0 : old.getObservedGeneration();
        return old.getObservedGeneration() == null
                || (status.getObservedGeneration() != null && status.getObservedGeneration() > observed)
                || value(status.getReplicas()) != value(old.getReplicas())
                || value(status.getCurrentReplicas()) != value(old.getCurrentReplicas())
                || value(status.getReadyReplicas()) != value(old.getReadyReplicas())
                || value(status.getUpdatedReplicas()) != value(old.getUpdatedReplicas())
                || value(status.getAvailableReplicas()) != value(old.getAvailableReplicas())
                || !Objects.equals(status.getCurrentRevision(), old.getCurrentRevision())
                || !Objects.equals(status.getUpdateRevision(), old.getUpdateRevision())
                || value(status.getCollisionCount()) != value(old.getCollisionCount());
    }

    private static int value(Integer i) {
        return i == null ? 0 : i;
    }
}
