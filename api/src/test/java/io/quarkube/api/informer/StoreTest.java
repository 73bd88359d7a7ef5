package io.quarkube.api.informer;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StoreTest {
    private static Pod pod(String namespace, String name, String version) {
        return new PodBuilder().withNewMetadata().withNamespace(namespace).withName(name).withResourceVersion(version)
                .endMetadata().build();
    }

    @Test
    void aNamespaceListsOnlyItsOwnObjectsAndFollowsUpdatesAndDeletes() {
        Store<Pod> store = new Store<>();
        store.put("a/web-1", pod("a", "web-1", "1"));
        store.put("a/web-2", pod("a", "web-2", "2"));
        store.put("b/web-1", pod("b", "web-1", "3"));
        store.put("a/web-1", pod("a", "web-1", "4"));

        List<Pod> inA = store.listNamespace("a");
        assertEquals(2, inA.size());
        assertTrue(inA.stream().anyMatch(p -> p.getMetadata().getResourceVersion().equals("4")), "the updated object");
        assertEquals(1, store.listNamespace("b").size());
        assertEquals(List.of(), store.listNamespace("c"));

        store.remove("a/web-1");
        assertEquals(List.of("web-2"), store.listNamespace("a").stream().map(p -> p.getMetadata().getName()).toList());
        assertEquals(2, store.size());
    }

    @Test
    void clusterScopedObjectsAreListedWithANullNamespace() {
        Store<Node> store = new Store<>();
        store.put("node-1", new NodeBuilder().withNewMetadata().withName("node-1").endMetadata().build());
        assertEquals(1, store.listNamespace(null).size());
        store.remove("node-1");
        assertEquals(0, store.listNamespace(null).size());
    }
}
