package io.quarkube.controllermanager.namespace;

import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.quarkube.controllermanager.MapLister;
import io.quarkube.controllermanager.RecordingEnqueuer;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.quarkube.controllermanager.namespace.NamespaceSyncTest.namespace;
import static org.junit.jupiter.api.Assertions.assertEquals;

class NamespaceControllerTest {
    private final MapLister<Namespace> namespaces = new MapLister<>();
    private final RecordingEnqueuer queue = new RecordingEnqueuer();
    private final NamespaceController controller = new NamespaceController(namespaces, queue);

    private static Pod pod(String namespace) {
        return new PodBuilder().withNewMetadata().withNamespace(namespace).withName("p").endMetadata().build();
    }

    @Test
    void aNamespaceIsQueuedOnceItIsTerminating() {
        Namespace active = namespace("team", false, "kubernetes");
        Namespace terminating = namespace("team", true, "kubernetes");
        controller.namespaceHandler().onAdd(active);
        assertEquals(List.of(), queue.keys);
        controller.namespaceHandler().onUpdate(active, terminating);
        controller.namespaceHandler().onAdd(namespace("old", true, "kubernetes")); // seen at start-up
        assertEquals(List.of("team", "old"), queue.keys);
    }

    @Test
    void anObjectGoneFromATerminatingNamespaceQueuesIt() {
        namespaces.put(namespace("team", true, "kubernetes"), namespace("default", false, "kubernetes"));
        controller.<Pod>contentHandler().onDelete(pod("default"));
        controller.<Pod>contentHandler().onDelete(pod("team"));
        assertEquals(List.of("team"), queue.keys);
    }
}
