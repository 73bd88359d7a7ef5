package io.quarkube.controllermanager.nodelifecycle;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeCondition;
import io.fabric8.kubernetes.api.model.Taint;
import io.quarkube.api.json.Json;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The taints the node lifecycle controller keeps in step with a node's conditions (Kubernetes'
 * doNoScheduleTaintingPass and processTaintBaseEviction): Ready=False gives node.kubernetes.io/not-ready,
 * Ready=Unknown node.kubernetes.io/unreachable, each with NoSchedule and NoExecute; pressure conditions and
 * spec.unschedulable their NoSchedule taints. Taints with other keys are never touched.
 */
final class NodeTaints {
    static final String NOT_READY = "node.kubernetes.io/not-ready";
    static final String UNREACHABLE = "node.kubernetes.io/unreachable";
    static final String UNSCHEDULABLE = "node.kubernetes.io/unschedulable";
    static final String NO_SCHEDULE = "NoSchedule";
    static final String NO_EXECUTE = "NoExecute";

    /** condition type → (status → taint key) for the NoSchedule taints (nodeConditionToTaintKeyStatusMap). */
    private static final Map<String, Map<String, String>> CONDITION_TAINTS = Map.of(
            "Ready", Map.of("False", NOT_READY, "Unknown", UNREACHABLE),
            "MemoryPressure", Map.of("True", "node.kubernetes.io/memory-pressure"),
            "DiskPressure", Map.of("True", "node.kubernetes.io/disk-pressure"),
            "NetworkUnavailable", Map.of("True", "node.kubernetes.io/network-unavailable"),
            "PIDPressure", Map.of("True", "node.kubernetes.io/pid-pressure"));

    private static final Set<String> MANAGED_KEYS = Set.of(NOT_READY, UNREACHABLE, UNSCHEDULABLE,
            "node.kubernetes.io/memory-pressure", "node.kubernetes.io/disk-pressure",
            "node.kubernetes.io/network-unavailable", "node.kubernetes.io/pid-pressure");

    private NodeTaints() {
    }

    /** key:effect of every taint the controller wants on this node now. */
    static Set<String> desired(Node node) {
        Set<String> wanted = new LinkedHashSet<>();
        String ready = NodeConditions.readyStatus(node);
        String readyKey = ready == null ? null : CONDITION_TAINTS.get("Ready").get(ready);
        if (readyKey != null) {
            wanted.add(readyKey + ":" + NO_SCHEDULE);
            wanted.add(readyKey + ":" + NO_EXECUTE);
        }
        for (Map.Entry<String, Map<String, String>> entry : CONDITION_TAINTS.entrySet()) {
            NodeCondition condition = "Ready".equals(entry.getKey()) ? null
                    : NodeConditions.condition(node, entry.getKey());
            String key = condition == null || condition.getStatus() == null ? null
                    : entry.getValue().get(condition.getStatus());
            if (key != null) {
                wanted.add(key + ":" + NO_SCHEDULE);
            }
        }
        if (node.getSpec() != null && Boolean.TRUE.equals(node.getSpec().getUnschedulable())) {
            wanted.add(UNSCHEDULABLE + ":" + NO_SCHEDULE);
        }
        return wanted;
    }

    /**
     * The node's taints with the managed ones made to match {@link #desired} (new ones stamped timeAdded = now,
     * existing ones kept as they are); null if nothing changes.
     */
    static List<Taint> reconcile(Node node, Instant now) {
        List<Taint> current = node.getSpec() == null || node.getSpec().getTaints() == null ? List.of()
                : node.getSpec().getTaints();
        Set<String> wanted = desired(node);
        List<Taint> result = new ArrayList<>();
        boolean changed = false;
        for (Taint taint : current) {
            String id = taint.getKey() + ":" + taint.getEffect();
            if (MANAGED_KEYS.contains(taint.getKey()) && !wanted.remove(id)) {
                changed = true; // no longer wanted (or a duplicate)
                continue;
            }
            result.add(taint);
        }
        for (String id : wanted) {
            int colon = id.lastIndexOf(':');
            result.add(new Taint(id.substring(colon + 1), id.substring(0, colon), Json.formatTime(now), null));
            changed = true;
        }
        return changed ? result : null;
    }

    /** The node's NoExecute taints: what the taint eviction acts on. */
    static List<Taint> noExecute(Node node) {
        if (node.getSpec() == null || node.getSpec().getTaints() == null) {
            return List.of();
        }
        return node.getSpec().getTaints().stream().filter(t -> NO_EXECUTE.equals(t.getEffect())).toList();
    }
}
