package io.quarkube.controllermanager.deployment;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.quarkube.api.client.ApiException;

import java.util.ArrayList;
import java.util.List;

/** revisionHistoryLimit: how many old ReplicaSets (scaled to 0) are kept for rollbacks. */
final class HistoryCleanup {
    private HistoryCleanup() {
    }

    /**
     * cleanupDeployment: deletes the oldest old ReplicaSets beyond revisionHistoryLimit — only those scaled to 0
     * whose controller has seen that (status.replicas 0, generation observed).
     */
    static void run(DeploymentClient client, Deployment d, List<ReplicaSet> oldRSs) {
        Integer limit = d.getSpec().getRevisionHistoryLimit();
        if (limit == null || limit == Integer.MAX_VALUE) {
            return;
        }
        List<ReplicaSet> cleanable = new ArrayList<>(oldRSs.stream()
                .filter(rs -> rs != null && rs.getMetadata().getDeletionTimestamp() == null).toList());
        int diff = cleanable.size() - limit;
        if (diff <= 0) {
            return;
        }
        cleanable.sort(Replicas.BY_REVISION);
        for (ReplicaSet rs : cleanable.subList(0, diff)) {
            long observed = rs.getStatus() == null || rs.getStatus().getObservedGeneration() == null ? 0
                    : rs.getStatus().getObservedGeneration();
            long generation = rs.getMetadata().getGeneration() == null ? 0 : rs.getMetadata().getGeneration();
            if (Replicas.statusReplicas(rs) != 0 || Replicas.of(rs) != 0 || generation > observed) {
                continue;
            }
            try {
                client.deleteReplicaSet(rs.getMetadata().getNamespace(), rs.getMetadata().getName(),
                        rs.getMetadata().getUid());
            } catch (ApiException e) {
                if (!e.isNotFound()) {
                    throw e;
                }
            }
        }
    }
}
