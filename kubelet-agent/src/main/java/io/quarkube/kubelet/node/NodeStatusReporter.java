package io.quarkube.kubelet.node;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeStatus;
import io.quarkube.api.Resources;
import io.quarkube.api.client.ApiClient;
import io.quarkube.api.client.ApiException;
import io.quarkube.api.informer.Store;
import io.quarkube.api.json.Json;
import io.quarkube.kubelet.ResourceVersions;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Node status as the kubelet reports it once Leases carry the heartbeat: the whole status on registration, then
 * only when something the kubelet owns changed (conditions, capacity, addresses, node info) or every
 * nodeStatusReportFrequency (5 min), so a quiet node costs one PUT per 5 minutes instead of one per heartbeat.
 */
public final class NodeStatusReporter {
    /** The parts of NodeStatus the kubelet writes; a change in any of them is reported at once. */
    private static final List<String> OWNED = List.of("capacity", "allocatable", "conditions", "addresses",
            "daemonEndpoints", "nodeInfo");

    private final ApiClient api;
    private final Store<Node> cache;
    private final NodeStatusFactory factory;
    private final Clock clock;
    private final Duration reportFrequency;
    // our last successful write per node: newer than the informer copy until our own event arrives
    private final Map<String, Node> lastWritten = new ConcurrentHashMap<>();
    private final Map<String, Instant> lastReport = new ConcurrentHashMap<>();

    public NodeStatusReporter(ApiClient api, Store<Node> cache, NodeStatusFactory factory, Clock clock,
                              Duration reportFrequency) {
        this.api = api;
        this.cache = cache;
        this.factory = factory;
        this.clock = clock;
        this.reportFrequency = reportFrequency;
    }

    /** PUT nodes/status with the whole status computed now, on {@code current}; on 409 once more on a fresh read. */
    public Node put(String name, Node current) {
        try {
            return written(name, api.updateStatus(Resources.NODES, withStatus(name, current)));
        } catch (ApiException e) {
            if (!e.isConflict()) {
                throw e;
            }
        }
        Node fresh = api.get(Resources.NODES, null, name)
                .orElseThrow(() -> new ApiException(404, null, "node " + name + " was deleted"));
        return written(name, api.updateStatus(Resources.NODES, withStatus(name, fresh)));
    }

    /**
     * One heartbeat's status check: PUT if the status changed or the report is due; true if it did. An
     * ApiException with 404 means the node is gone from the api-server.
     */
    public boolean reportIfNeeded(String name) {
        Node base = ResourceVersions.newer(cache.get(name).orElse(null), lastWritten.get(name));
        if (base == null) {
            throw new ApiException(404, null, "node " + name + " is not registered");
        }
        Instant now = clock.instant();
        Instant last = lastReport.get(name);
        boolean due = last == null || !now.isBefore(last.plus(reportFrequency));
        if (!due && !changed(factory.status(name, now, base.getStatus()), base.getStatus())) {
            return false;
        }
        put(name, base);
        return true;
    }

    public Optional<String> uid(String name) {
        return Optional.ofNullable(lastWritten.get(name)).map(n -> n.getMetadata().getUid());
    }

    public boolean written(String name) {
        return lastWritten.containsKey(name);
    }

    public void forget(String name) {
        lastWritten.remove(name);
        lastReport.remove(name);
    }

    private Node written(String name, Node node) {
        lastWritten.put(name, node);
        lastReport.put(name, clock.instant());
        return node;
    }

    private Node withStatus(String name, Node current) {
        Node copy = Json.copy(current, Node.class);
        copy.setStatus(factory.status(name, clock.instant(), current.getStatus()));
        return copy;
    }

    /** Whether the kubelet-owned parts differ, heartbeat times aside. */
    static boolean changed(NodeStatus desired, NodeStatus current) {
        return !Objects.equals(owned(desired), owned(current));
    }

    private static ObjectNode owned(NodeStatus status) {
        ObjectNode result = Json.MAPPER.createObjectNode();
        if (status == null) {
            return result;
        }
        JsonNode tree = Json.MAPPER.valueToTree(status);
        for (String field : OWNED) {
            if (tree.hasNonNull(field)) {
                result.set(field, tree.get(field).deepCopy());
            }
        }
        JsonNode conditions = result.get("conditions");
        if (conditions != null) {
            conditions.forEach(c -> {
                if (c instanceof ObjectNode o) {
                    o.remove("lastHeartbeatTime");
                }
            });
        }
        return result;
    }
}
