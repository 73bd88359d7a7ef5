package io.quarkube.kubelet.status;

import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.quarkube.api.json.Json;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Combines the status the kubelet wants with the one a pod has: conditions the kubelet does not own (PodScheduled,
 * readiness gates) are kept, a condition whose value did not change keeps its lastTransitionTime, and startTime is
 * never moved once set.
 */
public final class StatusMerge {

    private StatusMerge() {
    }

    public static PodStatus merge(PodStatus current, PodStatus desired) {
        PodStatus merged = Json.copy(desired, PodStatus.class);
        List<PodCondition> old = current == null ? List.of() : PodPhases.orEmpty(current.getConditions());
        List<PodCondition> conditions = new ArrayList<>();
        for (PodCondition condition : PodPhases.orEmpty(merged.getConditions())) {
            if (!PodConditions.OWNED.contains(condition.getType())) {
                continue; // someone else's: the current status has the authoritative copy
            }
            old.stream()
                    .filter(o -> Objects.equals(o.getType(), condition.getType())
                            && Objects.equals(o.getStatus(), condition.getStatus()) && o.getLastTransitionTime() != null)
                    .findFirst()
                    .ifPresent(o -> condition.setLastTransitionTime(o.getLastTransitionTime()));
            conditions.add(condition);
        }
        for (PodCondition foreign : old) {
            if (!PodConditions.OWNED.contains(foreign.getType())) {
                conditions.add(foreign);
            }
        }
        merged.setConditions(conditions);
        if (current != null && current.getStartTime() != null) {
            merged.setStartTime(current.getStartTime());
        }
        return merged;
    }
}
