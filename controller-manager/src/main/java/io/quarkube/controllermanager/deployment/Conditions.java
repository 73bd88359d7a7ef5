package io.quarkube.controllermanager.deployment;

import io.fabric8.kubernetes.api.model.apps.DeploymentCondition;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatus;
import io.quarkube.api.json.Json;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Deployment conditions as deployment_util.go handles them, with its reasons. */
public final class Conditions {
    public static final String AVAILABLE = "Available";
    public static final String PROGRESSING = "Progressing";
    public static final String REPLICA_FAILURE = "ReplicaFailure";

    public static final String REPLICA_SET_UPDATED = "ReplicaSetUpdated";
    public static final String FAILED_RS_CREATE = "ReplicaSetCreateError";
    public static final String NEW_REPLICA_SET = "NewReplicaSetCreated";
    public static final String FOUND_NEW_RS = "FoundNewReplicaSet";
    public static final String NEW_RS_AVAILABLE = "NewReplicaSetAvailable";
    public static final String TIMED_OUT = "ProgressDeadlineExceeded";
    public static final String PAUSED = "DeploymentPaused";
    public static final String RESUMED = "DeploymentResumed";
    public static final String MIN_AVAILABLE = "MinimumReplicasAvailable";
    public static final String MIN_UNAVAILABLE = "MinimumReplicasUnavailable";

    private Conditions() {
    }

    public static DeploymentCondition create(String type, String status, String reason, String message, Instant now) {
        String time = Json.formatTime(now);
        DeploymentCondition c = new DeploymentCondition();
        c.setType(type);
        c.setStatus(status);
        c.setReason(reason);
        c.setMessage(message);
        c.setLastUpdateTime(time);
        c.setLastTransitionTime(time);
        return c;
    }

    public static DeploymentCondition get(DeploymentStatus status, String type) {
        if (status == null || status.getConditions() == null) {
            return null;
        }
        return status.getConditions().stream().filter(c -> type.equals(c.getType())).findFirst().orElse(null);
    }

    /**
     * SetDeploymentCondition: no change if a condition of this type has the same status and reason; the
     * transition time is kept while the status stays the same.
     */
    public static void set(DeploymentStatus status, DeploymentCondition condition) {
        DeploymentCondition current = get(status, condition.getType());
        if (current != null && current.getStatus().equals(condition.getStatus())
                && java.util.Objects.equals(current.getReason(), condition.getReason())) {
            return;
        }
        if (current != null && current.getStatus().equals(condition.getStatus())) {
            condition.setLastTransitionTime(current.getLastTransitionTime());
        }
        List<DeploymentCondition> conditions = without(status.getConditions(), condition.getType());
        conditions.add(condition);
        status.setConditions(conditions);
    }

    public static void remove(DeploymentStatus status, String type) {
        status.setConditions(without(status.getConditions(), type));
    }

    private static List<DeploymentCondition> without(List<DeploymentCondition> conditions, String type) {
        List<DeploymentCondition> out = new ArrayList<>();
        if (conditions != null) {
            conditions.stream().filter(c -> !type.equals(c.getType())).forEach(out::add);
        }
        return out;
    }
}
