package io.quarkube.controllermanager.nodelifecycle;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeCondition;
import io.quarkube.api.json.Json;
import io.quarkube.controllermanager.MapLister;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * Records the controller's writes and applies node writes to the cache, as the informer would deliver them
 * (node status patches merge conditions by type, as a strategic merge patch does).
 */
final class FakeNodeLifecycleClient implements NodeLifecycleClient {
    record PodPatch(String namespace, String name, Map<String, Object> patch) {
    }

    record PodDeletion(String namespace, String name, String uid, Long gracePeriodSeconds) {
    }

    final List<Map<String, Object>> nodeStatusPatches = Collections.synchronizedList(new ArrayList<>());
    final List<Node> nodeUpdates = Collections.synchronizedList(new ArrayList<>());
    final List<PodPatch> podPatches = Collections.synchronizedList(new ArrayList<>());
    final List<PodDeletion> deletions = Collections.synchronizedList(new ArrayList<>());
    private final MapLister<Node> nodes;

    FakeNodeLifecycleClient(MapLister<Node> nodes) {
        this.nodes = nodes;
    }

    @Override
    @SuppressWarnings("unchecked")
    public Node patchNodeStatus(String name, Map<String, Object> patch) {
        nodeStatusPatches.add(patch);
        Node node = Json.copy(nodes.get(null, name).orElseThrow(), Node.class);
        List<Map<String, Object>> changes = (List<Map<String, Object>>) ((Map<String, Object>) patch.get("status"))
                .get("conditions");
        List<NodeCondition> conditions = new ArrayList<>(node.getStatus().getConditions());
        for (Map<String, Object> change : changes) {
            NodeCondition merged = conditions.stream().filter(c -> c.getType().equals(change.get("type")))
                    .findFirst().orElseGet(() -> {
                        NodeCondition added = new NodeCondition();
                        conditions.add(added);
                        return added;
                    });
            Map<String, Object> tree = Json.MAPPER.convertValue(merged, Map.class);
            tree.putAll(change);
            conditions.set(conditions.indexOf(merged), Json.MAPPER.convertValue(tree, NodeCondition.class));
        }
        node.getStatus().setConditions(conditions);
        bump(node);
        nodes.put(node);
        return node;
    }

    @Override
    public Node updateNode(Node node) {
        Node stored = Json.copy(node, Node.class);
        nodeUpdates.add(stored);
        bump(stored);
        nodes.put(stored);
        return stored;
    }

    @Override
    public void patchPodStatus(String namespace, String name, Map<String, Object> patch) {
        podPatches.add(new PodPatch(namespace, name, patch));
    }

    @Override
    public void deletePod(String namespace, String name, String uid, Long gracePeriodSeconds) {
        deletions.add(new PodDeletion(namespace, name, uid, gracePeriodSeconds));
    }

    private static void bump(Node node) {
        node.getMetadata().setResourceVersion(
                Long.toString(Long.parseLong(node.getMetadata().getResourceVersion()) + 1));
    }
}
