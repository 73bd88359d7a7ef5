package io.quarkube.controllermanager.nodelifecycle;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeCondition;
import io.quarkube.api.json.Json;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A node's conditions as the node lifecycle controller reads and overrides them (tryUpdateNodeHealth). */
final class NodeConditions {
    /** The conditions the kubelet owns and the controller sets Unknown; NetworkUnavailable is not the kubelet's. */
    static final List<String> KUBELET_CONDITIONS = List.of("Ready", "MemoryPressure", "DiskPressure", "PIDPressure");
    static final String UNKNOWN_REASON = "NodeStatusUnknown";
    static final String UNKNOWN_MESSAGE = "Kubelet stopped posting node status.";

    private NodeConditions() {
    }

    static NodeCondition condition(Node node, String type) {
        if (node.getStatus() == null || node.getStatus().getConditions() == null) {
            return null;
        }
        return node.getStatus().getConditions().stream().filter(c -> type.equals(c.getType())).findFirst()
                .orElse(null);
    }

    /** "True", "False" or "Unknown"; null while the kubelet has not posted a Ready condition yet. */
    static String readyStatus(Node node) {
        NodeCondition ready = condition(node, "Ready");
        return ready == null ? null : ready.getStatus();
    }

    static String readyHeartbeat(Node node) {
        NodeCondition ready = condition(node, "Ready");
        return ready == null ? null : ready.getLastHeartbeatTime();
    }

    /**
     * The nodes/status patch that makes every kubelet condition Unknown, leaving heartbeat times as they are (so
     * that this write is never mistaken for a heartbeat); null if they all are Unknown already. The
     * resourceVersion makes it fail with 409 if the kubelet wrote meanwhile.
     */
    static Map<String, Object> unknownPatch(Node node, Instant now) {
        String time = Json.formatTime(now);
        List<Map<String, Object>> changes = new ArrayList<>();
        for (String type : KUBELET_CONDITIONS) {
            NodeCondition current = condition(node, type);
            Map<String, Object> change = new LinkedHashMap<>();
            change.put("type", type);
            if (current == null) {
                change.put("status", "Unknown");
                change.put("reason", "NodeStatusNeverUpdated");
                change.put("message", "Kubelet never posted node status.");
                change.put("lastHeartbeatTime", node.getMetadata().getCreationTimestamp());
                change.put("lastTransitionTime", time);
            } else if (!"Unknown".equals(current.getStatus())) {
                change.put("status", "Unknown");
                change.put("reason", UNKNOWN_REASON);
                change.put("message", UNKNOWN_MESSAGE);
                change.put("lastTransitionTime", time);
            } else {
                continue;
            }
            changes.add(change);
        }
        if (changes.isEmpty()) {
            return null;
        }
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("resourceVersion", node.getMetadata().getResourceVersion());
        return Map.of("metadata", metadata, "status", Map.of("conditions", changes));
    }
}
