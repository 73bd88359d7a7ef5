package io.quarkube.controllermanager.deployment;

import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.quarkube.controllermanager.controller.ControllerRefs;
import io.quarkube.controllermanager.controller.PodUtil;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What the pod cache says about each of the Deployment's ReplicaSets (getPodMapForDeployment): pods not
 * finished (terminating ones included: Recreate waits for them), active pods (not finished, not terminating)
 * and available ones. The ReplicaSets' own status counts lag behind the pods (a ReplicaSet's status still
 * counts the pods it has just deleted), so the rolling update bounds its steps with these as well.
 */
public final class PodCounts {
    public record Counts(int notFinished, int active, int available) {
    }

    private static final Counts NONE = new Counts(0, 0, 0);

    private final Map<String, Counts> byReplicaSetUid;

    private PodCounts(Map<String, Counts> byReplicaSetUid) {
        this.byReplicaSetUid = byReplicaSetUid;
    }

    public static PodCounts of(List<Pod> pods, List<ReplicaSet> sets, int minReadySeconds, Instant now) {
        Map<String, int[]> counts = new HashMap<>();
        for (ReplicaSet rs : sets) {
            counts.put(rs.getMetadata().getUid(), new int[3]);
        }
        for (Pod pod : pods) {
            OwnerReference ref = ControllerRefs.controllerOf(pod);
            int[] c = ref == null ? null : counts.get(ref.getUid());
            if (c == null || PodUtil.isTerminal(pod)) {
                continue;
            }
            c[0]++;
            if (pod.getMetadata().getDeletionTimestamp() == null) {
                c[1]++;
                if (PodUtil.isAvailable(pod, minReadySeconds, now)) {
                    c[2]++;
                }
            }
        }
        Map<String, Counts> result = new HashMap<>();
        counts.forEach((uid, c) -> result.put(uid, new Counts(c[0], c[1], c[2])));
        return new PodCounts(result);
    }

    public static PodCounts none() {
        return new PodCounts(Map.of());
    }

    public Counts of(ReplicaSet rs) {
        return rs == null ? NONE : byReplicaSetUid.getOrDefault(rs.getMetadata().getUid(), NONE);
    }

    /** Active pods the ReplicaSet may have once its controller caught up: at most max(spec, now active). */
    public int podsAtMost(ReplicaSet rs) {
        return rs == null ? 0 : Math.max(Replicas.of(rs), of(rs).active());
    }

    /**
     * Available pods that surely remain once the ReplicaSet's controller caught up: if it has more active pods
     * than spec.replicas it will delete the surplus, and those might be available ones.
     */
    public int availableAtLeast(ReplicaSet rs) {
        if (rs == null) {
            return 0;
        }
        Counts c = of(rs);
        int surplus = Math.max(0, c.active() - Replicas.of(rs));
        return Math.max(0, c.available() - surplus);
    }

    /** True if any ReplicaSet other than newRS still has a pod that has not finished (Recreate's oldPodsRunning). */
    public boolean oldPodsRunning(ReplicaSet newRS, List<ReplicaSet> oldSets) {
        if (Replicas.statusTotal(oldSets) > 0) {
            return true;
        }
        for (ReplicaSet rs : oldSets) {
            if (newRS != null && rs.getMetadata().getUid().equals(newRS.getMetadata().getUid())) {
                continue;
            }
            if (of(rs).notFinished() > 0) {
                return true;
            }
        }
        return false;
    }
}
