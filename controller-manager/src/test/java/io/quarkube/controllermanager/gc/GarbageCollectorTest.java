package io.quarkube.controllermanager.gc;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.quarkube.api.Resources;
import io.quarkube.api.json.Json;
import io.quarkube.controllermanager.controller.ControllerRefs;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

import static io.quarkube.controllermanager.gc.GcHarness.key;
import static io.quarkube.controllermanager.gc.GcHarness.pod;
import static io.quarkube.controllermanager.gc.GcHarness.replicaSet;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Which events queue which keys, and the dependents index they keep. */
class GarbageCollectorTest {
    private final GcHarness h = new GcHarness();

    @Test
    void aDeletedOwnerQueuesExactlyItsDependents() {
        ReplicaSet web = h.apply(Resources.REPLICASETS, replicaSet("web", null));
        Pod mine = h.apply(Resources.PODS, pod("web-1", web));
        h.apply(Resources.PODS, pod("bare", null));
        h.apply(Resources.PODS, pod("db-1", replicaSet("db", null)));
        h.queued();

        h.remove(Resources.REPLICASETS, web);
        assertEquals(List.of(key(Resources.PODS, mine)), h.queued());
    }

    @Test
    void objectsWithOwnersAreQueuedWhenTheyAppearButNotForStatusChanges() {
        Pod pod = h.apply(Resources.PODS, pod("web-1", replicaSet("web", null)));
        assertEquals(List.of("pods/default/web-1"), h.queued());
        Pod running = Json.copy(pod, Pod.class);
        running.setStatus(new PodStatusBuilder().withPhase("Running").build());
        h.apply(Resources.PODS, running);
        assertTrue(h.queued().isEmpty());
    }

    @Test
    void anAdoptionMovesTheDependentInTheIndexAndQueuesTheOwnerItLeft() {
        ReplicaSet a = h.apply(Resources.REPLICASETS, replicaSet("a", null));
        ReplicaSet b = h.apply(Resources.REPLICASETS, replicaSet("b", null));
        Pod pod = h.apply(Resources.PODS, pod("p", a));
        h.queued();

        Pod moved = Json.copy(pod, Pod.class);
        moved.getMetadata().setOwnerReferences(List.of(ControllerRefs.newControllerRef(b, "apps/v1", "ReplicaSet")));
        h.apply(Resources.PODS, moved);

        assertEquals(List.of(), h.index.dependentsOf("uid-a"));
        assertEquals(List.of(ObjectRef.of(Resources.PODS, pod)), h.index.dependentsOf("uid-b"));
        assertEquals(List.of(key(Resources.PODS, pod), key(Resources.REPLICASETS, a)), h.queued());
    }

    @Test
    void theIndexForgetsObjectsThatAreGone() {
        ReplicaSet a = h.apply(Resources.REPLICASETS, replicaSet("a", null));
        Pod pod = h.apply(Resources.PODS, pod("p", a));
        h.remove(Resources.PODS, pod);
        assertEquals(List.of(), h.index.dependentsOf("uid-a"));
        assertFalse(h.index.hasDependents("uid-a"));
    }

    @Test
    void keysNameTheKindAndParseBack() {
        ObjectRef pod = ObjectRef.of(Resources.PODS, pod("p", null));
        assertEquals("pods/default/p", pod.toString());
        assertEquals(Optional.of(pod), ObjectRef.parse("pods/default/p"));
        ObjectRef node = new ObjectRef(Resources.NODES, "ignored", "n1");
        assertEquals("nodes//n1", node.toString());
        assertEquals(Optional.of(node), ObjectRef.parse("nodes//n1"));
        assertEquals("replicasets.apps/default/web",
                ObjectRef.of(Resources.REPLICASETS, replicaSet("web", null)).toString());
        assertEquals(Optional.empty(), ObjectRef.parse("widgets.example.com/default/w"));
    }
}
