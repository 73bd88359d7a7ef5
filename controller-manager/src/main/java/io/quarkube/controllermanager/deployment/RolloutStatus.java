package io.quarkube.controllermanager.deployment;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentCondition;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatus;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetCondition;
import io.quarkube.api.json.Json;
import io.quarkube.controllermanager.controller.PodUtil;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Pure status functions of a Deployment (sync.go calculateStatus, progress.go, deployment_util.go): the counts
 * {@code kubectl rollout status} reads, the Available condition, and the Progressing condition with its deadline.
 */
public final class RolloutStatus {
    private RolloutStatus() {
    }

    /** calculateStatus: counts from the ReplicaSets' status, Available from minimum availability. */
    public static DeploymentStatus calculate(List<ReplicaSet> allRSs, ReplicaSet newRS, Deployment d, Instant now) {
        List<ReplicaSet> sets = allRSs.stream().filter(Objects::nonNull).toList();
        int available = Replicas.availableTotal(sets);
        int unavailable = Math.max(0, Replicas.specTotal(sets) - available);
        DeploymentStatus status = new DeploymentStatus();
        status.setObservedGeneration(d.getMetadata().getGeneration());
        status.setReplicas(Replicas.statusTotal(sets));
        status.setUpdatedReplicas(newRS == null ? 0 : Replicas.statusReplicas(newRS));
        status.setReadyReplicas(Replicas.readyTotal(sets));
        status.setAvailableReplicas(available);
        status.setUnavailableReplicas(unavailable);
        status.setCollisionCount(d.getStatus() == null ? null : d.getStatus().getCollisionCount());
        status.setConditions(d.getStatus() == null || d.getStatus().getConditions() == null ? new ArrayList<>()
                : new ArrayList<>(d.getStatus().getConditions().stream()
                .map(c -> Json.copy(c, DeploymentCondition.class)).toList()));
        if (available >= Replicas.of(d) - Fenceposts.maxUnavailable(d)) {
            Conditions.set(status, Conditions.create(Conditions.AVAILABLE, "True", Conditions.MIN_AVAILABLE,
                    "Deployment has minimum availability.", now));
        } else {
            Conditions.set(status, Conditions.create(Conditions.AVAILABLE, "False", Conditions.MIN_UNAVAILABLE,
                    "Deployment does not have minimum availability.", now));
        }
        return status;
    }

    /** syncRolloutStatus' computation: calculateStatus plus the Progressing estimate and ReplicaFailure. */
    public static DeploymentStatus rollout(List<ReplicaSet> allRSs, ReplicaSet newRS, Deployment d, Instant now) {
        DeploymentStatus status = calculate(allRSs, newRS, d, now);
        if (!hasProgressDeadline(d)) {
            Conditions.remove(status, Conditions.PROGRESSING);
        }
        DeploymentCondition current = Conditions.get(d.getStatus(), Conditions.PROGRESSING);
        boolean complete = num(status.getReplicas()) == num(status.getUpdatedReplicas()) && current != null
                && Conditions.NEW_RS_AVAILABLE.equals(current.getReason());
        if (hasProgressDeadline(d) && !complete) {
            String subject = newRS == null ? "Deployment \"" + d.getMetadata().getName() + "\""
                    : "ReplicaSet \"" + newRS.getMetadata().getName() + "\"";
            if (complete(d, status)) {
                Conditions.set(status, Conditions.create(Conditions.PROGRESSING, "True", Conditions.NEW_RS_AVAILABLE,
                        subject + " has successfully progressed.", now));
            } else if (progressing(d, status)) {
                DeploymentCondition condition = Conditions.create(Conditions.PROGRESSING, "True",
                        Conditions.REPLICA_SET_UPDATED, subject + " is progressing.", now);
                if (current != null) {
                    if ("True".equals(current.getStatus())) {
                        condition.setLastTransitionTime(current.getLastTransitionTime());
                    }
                    Conditions.remove(status, Conditions.PROGRESSING);
                }
                Conditions.set(status, condition);
            } else if (timedOut(d, status, now)) {
                Conditions.set(status, Conditions.create(Conditions.PROGRESSING, "False", Conditions.TIMED_OUT,
                        subject + " has timed out progressing.", now));
            }
        }
        Optional<DeploymentCondition> failure = replicaFailure(allRSs, newRS);
        if (failure.isPresent()) {
            Conditions.set(status, failure.get());
        } else {
            Conditions.remove(status, Conditions.REPLICA_FAILURE);
        }
        return status;
    }

    /** DeploymentComplete: all replicas updated and available, no old ones, the current generation observed. */
    public static boolean complete(Deployment d, DeploymentStatus status) {
        int replicas = Replicas.of(d);
        return num(status.getUpdatedReplicas()) == replicas && num(status.getReplicas()) == replicas
                && num(status.getAvailableReplicas()) == replicas
                && gen(status.getObservedGeneration()) >= gen(d.getMetadata().getGeneration());
    }

    /** DeploymentProgressing: more updated, ready or available pods, or fewer old ones, than last written. */
    public static boolean progressing(Deployment d, DeploymentStatus status) {
        DeploymentStatus old = d.getStatus() == null ? new DeploymentStatus() : d.getStatus();
        int oldOld = num(old.getReplicas()) - num(old.getUpdatedReplicas());
        int newOld = num(status.getReplicas()) - num(status.getUpdatedReplicas());
        return num(status.getUpdatedReplicas()) > num(old.getUpdatedReplicas()) || newOld < oldOld
                || num(status.getReadyReplicas()) > num(old.getReadyReplicas())
                || num(status.getAvailableReplicas()) > num(old.getAvailableReplicas());
    }

    /** DeploymentTimedOut: no progress reported for progressDeadlineSeconds (or already reported as such). */
    public static boolean timedOut(Deployment d, DeploymentStatus status, Instant now) {
        if (!hasProgressDeadline(d)) {
            return false;
        }
        DeploymentCondition condition = Conditions.get(status, Conditions.PROGRESSING);
        if (condition == null || Conditions.NEW_RS_AVAILABLE.equals(condition.getReason())) {
            return false;
        }
        if (Conditions.TIMED_OUT.equals(condition.getReason())) {
            return true;
        }
        Instant from = PodUtil.time(condition.getLastUpdateTime());
        return from != null && from.plusSeconds(d.getSpec().getProgressDeadlineSeconds()).isBefore(now);
    }

    /**
     * requeueStuckDeployment: when to check again for a deadline, if the rollout is neither complete nor timed
     * out (lastUpdateTime + deadline - now, plus a second against skew); empty if no check is needed.
     */
    public static Optional<Duration> progressCheck(Deployment d, DeploymentStatus status, Instant now) {
        DeploymentCondition current = Conditions.get(d.getStatus(), Conditions.PROGRESSING);
        if (!hasProgressDeadline(d) || current == null) {
            return Optional.empty();
        }
        if (complete(d, status) || Conditions.TIMED_OUT.equals(current.getReason())) {
            return Optional.empty();
        }
        Instant from = PodUtil.time(current.getLastUpdateTime());
        if (from == null) {
            return Optional.empty();
        }
        Duration after = Duration.between(now, from.plusSeconds(d.getSpec().getProgressDeadlineSeconds()));
        if (after.compareTo(Duration.ofSeconds(1)) < 0) {
            return Optional.of(Duration.ofSeconds(1));
        }
        return Optional.of(after.plusSeconds(1));
    }

    public static boolean hasProgressDeadline(Deployment d) {
        Integer seconds = d.getSpec().getProgressDeadlineSeconds();
        return seconds != null && seconds != Integer.MAX_VALUE;
    }

    /** True if writing {@code desired} changes the stored status (absent and zero are the same, as in Go). */
    public static boolean changed(DeploymentStatus current, DeploymentStatus desired) {
        return !Templates.semanticEquals(current == null ? new DeploymentStatus() : current, desired)
                && !zeroEquals(current, desired);
    }

    private static boolean zeroEquals(DeploymentStatus a, DeploymentStatus b) {
        if (a == null) {
            return false;
        }
        return num(a.getReplicas()) == num(b.getReplicas()) && num(a.getUpdatedReplicas()) == num(b.getUpdatedReplicas())
                && num(a.getReadyReplicas()) == num(b.getReadyReplicas())
                && num(a.getAvailableReplicas()) == num(b.getAvailableReplicas())
                && num(a.getUnavailableReplicas()) == num(b.getUnavailableReplicas())
                && gen(a.getObservedGeneration()) == gen(b.getObservedGeneration())
                && Objects.equals(a.getCollisionCount(), b.getCollisionCount())
                && Templates.semanticEquals(a.getConditions(), b.getConditions());
    }

    /** ReplicaFailure conditions of the new ReplicaSet first, else of any other. */
    private static Optional<DeploymentCondition> replicaFailure(List<ReplicaSet> allRSs, ReplicaSet newRS) {
        List<ReplicaSet> order = new ArrayList<>();
        if (newRS != null) {
            order.add(newRS);
        }
        allRSs.stream().filter(Objects::nonNull).forEach(order::add);
        for (ReplicaSet rs : order) {
            if (rs.getStatus() == null || rs.getStatus().getConditions() == null) {
                continue;
            }
            for (ReplicaSetCondition c : rs.getStatus().getConditions()) {
                if (Conditions.REPLICA_FAILURE.equals(c.getType())) {
                    DeploymentCondition dc = new DeploymentCondition();
                    dc.setType(c.getType());
                    dc.setStatus(c.getStatus());
                    dc.setReason(c.getReason());
                    dc.setMessage(c.getMessage());
                    dc.setLastTransitionTime(c.getLastTransitionTime());
                    dc.setLastUpdateTime(c.getLastTransitionTime());
                    return Optional.of(dc);
                }
            }
        }
        return Optional.empty();
    }

    static int num(Integer value) {
        return value == null ? 0 : value;
    }

    static long gen(Long value) {
        return value == null ? 0 : value;
    }
}
