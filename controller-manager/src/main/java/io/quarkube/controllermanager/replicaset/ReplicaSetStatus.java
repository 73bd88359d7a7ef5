package io.quarkube.controllermanager.replicaset;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetCondition;
import io.quarkube.api.json.Json;
import io.quarkube.controllermanager.controller.PodUtil;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Pure status calculations of a ReplicaSet (Kubernetes' replica_set_utils.go). The fabric8 status type shares
 * this class's name, hence its qualified name below.
 */
public final class ReplicaSetStatus {
    static final String REPLICA_FAILURE = "ReplicaFailure";

    private ReplicaSetStatus() {
    }

    /** The status the owned active pods give: counts of pods, fully labelled, ready and available ones. */
    public static io.fabric8.kubernetes.api.model.apps.ReplicaSetStatus calculate(ReplicaSet rs, List<Pod> owned,
                                                                                  Instant now) {
        return calculate(rs, owned, now, null);
    }

    /**
     * As above, with the ReplicaFailure condition Kubernetes keeps: True (FailedCreate / FailedDelete, the error
     * as message) when creating or deleting pods failed in this sync, removed once a sync manages without error.
     */
    public static io.fabric8.kubernetes.api.model.apps.ReplicaSetStatus calculate(ReplicaSet rs, List<Pod> owned,
                                                                                  Instant now,
                                                                                  RuntimeException manageError) {
        Map<String, String> templateLabels = rs.getSpec().getTemplate() == null
                || rs.getSpec().getTemplate().getMetadata() == null
                ? null : rs.getSpec().getTemplate().getMetadata().getLabels();
        int minReadySeconds = minReadySeconds(rs);
        int fullyLabeled = 0;
        int ready = 0;
        int available = 0;
        for (Pod pod : owned) {
            Map<String, String> labels = pod.getMetadata().getLabels() == null ? Map.of() : pod.getMetadata().getLabels();
            if (templateLabels == null || labels.entrySet().containsAll(templateLabels.entrySet())) {
                fullyLabeled++;
            }
            if (PodUtil.isReady(pod)) {
                ready++;
                if (PodUtil.isAvailable(pod, minReadySeconds, now)) {
                    available++;
                }
            }
        }
        var status = new io.fabric8.kubernetes.api.model.apps.ReplicaSetStatus();
        status.setReplicas(owned.size());
        status.setFullyLabeledReplicas(fullyLabeled);
        status.setReadyReplicas(ready);
        status.setAvailableReplicas(available);
        status.setObservedGeneration(rs.getMetadata().getGeneration());
        List<ReplicaSetCondition> conditions = rs.getStatus() == null || rs.getStatus().getConditions() == null
                ? new ArrayList<>() : new ArrayList<>(rs.getStatus().getConditions());
        boolean failing = conditions.stream().anyMatch(c -> REPLICA_FAILURE.equals(c.getType()));
        if (manageError != null && !failing) {
            int diff = owned.size() - replicas(rs);
            String reason = diff < 0 ? "FailedCreate" : diff > 0 ? "FailedDelete" : "";
            conditions.add(new ReplicaSetCondition(Json.formatTime(now), manageError.getMessage(), reason, "True",
                    REPLICA_FAILURE));
        } else if (manageError == null && failing) {
            conditions.removeIf(c -> REPLICA_FAILURE.equals(c.getType()));
        }
        status.setConditions(conditions);
        return status;
    }

    /** Whether writing {@code desired} changes anything; absent numbers count as 0, as in the API's JSON. */
    public static boolean changed(io.fabric8.kubernetes.api.model.apps.ReplicaSetStatus current,
                                  io.fabric8.kubernetes.api.model.apps.ReplicaSetStatus desired) {
        if (current == null) {
            return true;
        }
        return num(current.getReplicas()) != num(desired.getReplicas())
                || num(current.getFullyLabeledReplicas()) != num(desired.getFullyLabeledReplicas())
                || num(current.getReadyReplicas()) != num(desired.getReadyReplicas())
                || num(current.getAvailableReplicas()) != num(desired.getAvailableReplicas())
                || gen(current.getObservedGeneration()) != gen(desired.getObservedGeneration())
                || !Objects.equals(conditionTypes(current), conditionTypes(desired));
    }

    private static List<String> conditionTypes(io.fabric8.kubernetes.api.model.apps.ReplicaSetStatus status) {
        return status.getConditions() == null ? List.of()
                : status.getConditions().stream().map(ReplicaSetCondition::getType).toList();
    }

    /**
     * When all replicas are ready but some not yet for minReadySeconds, no event will say when they become
     * available: sync again then.
     */
    public static Optional<Duration> availabilityRecheck(ReplicaSet rs,
                                                         io.fabric8.kubernetes.api.model.apps.ReplicaSetStatus status) {
        int minReadySeconds = minReadySeconds(rs);
        if (minReadySeconds > 0 && num(status.getReadyReplicas()) == num(status.getReplicas())
                && num(status.getAvailableReplicas()) != num(status.getReplicas())) {
            return Optional.of(Duration.ofSeconds(minReadySeconds));
        }
        return Optional.empty();
    }

    public static int replicas(ReplicaSet rs) {
        Integer replicas = rs.getSpec().getReplicas();
        return replicas == null ? 1 : replicas; // the API defaults replicas to 1
    }

    static int minReadySeconds(ReplicaSet rs) {
        Integer seconds = rs.getSpec().getMinReadySeconds();
        return seconds == null ? 0 : seconds;
    }

    private static int num(Integer value) {
        return value == null ? 0 : value;
    }

    private static long gen(Long value) {
        return value == null ? 0 : value;
    }
}
