package io.quarkube.controllermanager.nodelifecycle;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.quarkube.api.testing.MutableClock;
import io.quarkube.controllermanager.MapLister;
import io.quarkube.controllermanager.RecordingEnqueuer;
import io.quarkube.controllermanager.controller.Result;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** A node lifecycle sync over fakes (grace 40 s, monitor every 5 s, startup grace 60 s) and a hand-driven clock. */
final class NodeLifecycleHarness {
    static final Duration GRACE = Duration.ofSeconds(40);

    final MutableClock clock = new MutableClock();
    final MapLister<Node> nodes = new MapLister<>();
    final MapLister<Lease> leases = new MapLister<>();
    final List<Pod> pods = new ArrayList<>();
    final FakeNodeLifecycleClient client = new FakeNodeLifecycleClient(nodes);
    final RecordingRecorder events = new RecordingRecorder();
    final RecordingEnqueuer queue = new RecordingEnqueuer();
    final NodeLifecycleSync sync = new NodeLifecycleSync(nodes, leases, () -> pods, client, events, events,
            queue, clock, Duration.ofSeconds(5), GRACE, Duration.ofSeconds(60));

    /** Nodes whose kubelet renews their Lease at every tick (the healthy majority beside a lost node). */
    final Set<String> alive = new java.util.HashSet<>();

    /** Healthy nodes that keep a lost node below the disruption threshold (1 of 3 not Ready). */
    void addHealthyNodes(String... names) {
        for (String name : names) {
            nodes.put(NodeFixtures.node(name, "True", "2025-01-01T00:00:00Z"));
            alive.add(name);
        }
    }

    /** The alive nodes renew their Lease, then one monitor pass, then a sync of every node it queued. */
    void tick() {
        alive.forEach(name -> leases.put(NodeFixtures.lease(name, clock.instant())));
        assertEquals(Result.requeueAfter(Duration.ofSeconds(5)), sync.sync(NodeLifecycleSync.MONITOR_KEY));
        List<String> queued = List.copyOf(queue.keys);
        queue.keys.clear();
        queued.forEach(sync::sync);
    }

    Node node(String name) {
        return nodes.get(null, name).orElseThrow();
    }

    static String ready(Node node) {
        return NodeConditions.readyStatus(node);
    }

    static Set<String> taints(Node node) {
        return node.getSpec().getTaints() == null ? Set.of()
                : Set.copyOf(node.getSpec().getTaints().stream().map(t -> t.getKey() + ":" + t.getEffect()).toList());
    }
}
