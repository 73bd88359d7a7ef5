package io.quarkube.controllermanager.deployment;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.quarkube.controllermanager.controller.PodUtil;

import java.time.Instant;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * Counts and orderings of ReplicaSets (Kubernetes' GetReplicaCountForReplicaSets & co. and the controller
 * package's sort orders). Absent numbers count as 0, as Go's zero values; spec.replicas is defaulted to 1.
 */
public final class Replicas {
    private Replicas() {
    }

    public static int of(Deployment d) {
        Integer r = d.getSpec().getReplicas();
        return r == null ? 1 : r;
    }

    public static int of(ReplicaSet rs) {
        Integer r = rs.getSpec().getReplicas();
        return r == null ? 1 : r;
    }

    public static int statusReplicas(ReplicaSet rs) {
        return rs.getStatus() == null ? 0 : num(rs.getStatus().getReplicas());
    }

    public static int ready(ReplicaSet rs) {
        return rs.getStatus() == null ? 0 : num(rs.getStatus().getReadyReplicas());
    }

    public static int available(ReplicaSet rs) {
        return rs.getStatus() == null ? 0 : num(rs.getStatus().getAvailableReplicas());
    }

    /** Sum of spec.replicas. */
    public static int specTotal(Collection<ReplicaSet> sets) {
        return sets.stream().filter(Objects::nonNull).mapToInt(Replicas::of).sum();
    }

    public static int statusTotal(Collection<ReplicaSet> sets) {
        return sets.stream().filter(Objects::nonNull).mapToInt(Replicas::statusReplicas).sum();
    }

    public static int readyTotal(Collection<ReplicaSet> sets) {
        return sets.stream().filter(Objects::nonNull).mapToInt(Replicas::ready).sum();
    }

    public static int availableTotal(Collection<ReplicaSet> sets) {
        return sets.stream().filter(Objects::nonNull).mapToInt(Replicas::available).sum();
    }

    /** FilterActiveReplicaSets: spec.replicas > 0. */
    public static List<ReplicaSet> active(Collection<ReplicaSet> sets) {
        return sets.stream().filter(Objects::nonNull).filter(rs -> of(rs) > 0).toList();
    }

    public static Instant created(ReplicaSet rs) {
        Instant t = PodUtil.time(rs.getMetadata().getCreationTimestamp());
        return t == null ? Instant.EPOCH : t;
    }

    /** ReplicaSetsByCreationTimestamp: oldest first, then by name. */
    public static final Comparator<ReplicaSet> BY_CREATION = Comparator.comparing((ReplicaSet rs) -> created(rs))
            .thenComparing((ReplicaSet rs) -> rs.getMetadata().getName());

    /** ReplicaSetsBySizeNewer: larger first; among equal sizes the newer first (scaling up). */
    public static final Comparator<ReplicaSet> BY_SIZE_NEWER = Comparator.<ReplicaSet>comparingInt(rs -> of(rs))
            .reversed().thenComparing(BY_CREATION.reversed());

    /** ReplicaSetsBySizeOlder: larger first; among equal sizes the older first (scaling down). */
    public static final Comparator<ReplicaSet> BY_SIZE_OLDER = Comparator.<ReplicaSet>comparingInt(rs -> of(rs))
            .reversed().thenComparing(BY_CREATION);

    /** ReplicaSetsByRevision: lowest revision first, then oldest. */
    public static final Comparator<ReplicaSet> BY_REVISION = Comparator.<ReplicaSet>comparingLong(Revisions::revision)
            .thenComparing(BY_CREATION);

    static int num(Integer value) {
        return value == null ? 0 : value;
    }
}
