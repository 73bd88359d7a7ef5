package io.quarkube.controllermanager.nodelifecycle;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Taint;
import io.quarkube.controllermanager.MapLister;
import io.quarkube.controllermanager.RecordingEnqueuer;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Pod events queue their node only when the node has something to do with pods. */
class NodeLifecycleControllerTest {
    private final MapLister<Node> nodes = new MapLister<>();
    private final RecordingEnqueuer queue = new RecordingEnqueuer();
    private final NodeLifecycleController controller = new NodeLifecycleController(nodes, queue);

    @Test
    void aPodBoundToATaintedOrUnreachableNodeQueuesTheNode() {
        nodes.put(NodeFixtures.node("healthy", "True", "2025-01-01T00:00:00Z"));
        nodes.put(NodeFixtures.node("lost", "Unknown", "2025-01-01T00:00:00Z"));
        Node tainted = NodeFixtures.node("tainted", "True", "2025-01-01T00:00:00Z");
        tainted.getSpec().setTaints(List.of(new Taint("NoExecute", "maintenance", null, null)));
        nodes.put(tainted);

        controller.podHandler().onAdd(NodeFixtures.pod("a", "healthy"));
        controller.podHandler().onAdd(NodeFixtures.pod("b", "lost"));
        controller.podHandler().onAdd(NodeFixtures.pod("c", "tainted"));
        Pod pending = NodeFixtures.pod("d", null);
        controller.podHandler().onAdd(pending);
        Pod bound = NodeFixtures.pod("d", "lost");
        controller.podHandler().onUpdate(pending, bound);
        controller.podHandler().onUpdate(bound, bound); // a status change only: nothing new for the node
        assertEquals(List.of("lost", "tainted", "lost"), queue.keys);
    }

    @Test
    void everyNodeEventQueuesTheNode() {
        Node node = NodeFixtures.node("n1", "True", "2025-01-01T00:00:00Z");
        controller.nodeHandler().onAdd(node);
        controller.nodeHandler().onUpdate(node, node);
        controller.nodeHandler().onDelete(node);
        assertEquals(List.of("n1", "n1", "n1"), queue.keys);
    }
}
