package io.quarkube.controllermanager.daemonset;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeCondition;
import io.fabric8.kubernetes.api.model.NodeStatus;
import io.quarkube.api.json.Json;

import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Kubernetes' shouldIgnoreNodeUpdate: a node update that only renews heartbeats (the same conditions are True,
 * nothing else changed) concerns no DaemonSet. A kubelet renews every node's heartbeat every few seconds, so with
 * many nodes this keeps DaemonSets from being synced over and over.
 */
final class NodeChanges {
    private NodeChanges() {
    }

    static boolean onlyHeartbeat(Node oldNode, Node newNode) {
        if (!sameTrueConditions(conditions(oldNode), conditions(newNode))) {
            return false;
        }
        var oldMeta = oldNode.getMetadata();
        var newMeta = newNode.getMetadata();
        if (!Objects.equals(oldMeta.getLabels(), newMeta.getLabels())
                || !Objects.equals(oldMeta.getAnnotations(), newMeta.getAnnotations())
                || !Objects.equals(oldMeta.getDeletionTimestamp(), newMeta.getDeletionTimestamp())
                || !Objects.equals(oldMeta.getUid(), newMeta.getUid())
                || !Objects.equals(oldNode.getSpec(), newNode.getSpec())) {
            return false;
        }
        return Objects.equals(withoutConditions(oldNode.getStatus()), withoutConditions(newNode.getStatus()));
    }

    /** nodeInSameCondition: the set of condition types whose status is True is the same. */
    private static boolean sameTrueConditions(List<NodeCondition> old, List<NodeCondition> cur) {
        return trueTypes(old).equals(trueTypes(cur));
    }

    private static Set<String> trueTypes(List<NodeCondition> conditions) {
        Set<String> types = new HashSet<>();
        for (NodeCondition c : conditions) {
            if ("True".equals(c.getStatus())) {
                types.add(c.getType());
            }
        }
        return types;
    }

    private static List<NodeCondition> conditions(Node node) {
        return node.getStatus() == null || node.getStatus().getConditions() == null ? List.of()
                : node.getStatus().getConditions();
    }

    private static NodeStatus withoutConditions(NodeStatus status) {
        if (status == null) {
            return null;
        }
        NodeStatus copy = Json.copy(status, NodeStatus.class);
        copy.setConditions(null);
        return copy;
    }
}
