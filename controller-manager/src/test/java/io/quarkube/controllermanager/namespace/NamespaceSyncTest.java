package io.quarkube.controllermanager.namespace;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.quarkube.api.ResourceType;
import io.quarkube.api.Resources;
import io.quarkube.api.client.ApiException;
import io.quarkube.api.json.Json;
import io.quarkube.controllermanager.MapLister;
import io.quarkube.controllermanager.TestCaches;
import io.quarkube.controllermanager.controller.FakeObjectControl;
import io.quarkube.controllermanager.controller.Result;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class NamespaceSyncTest {
    private static final Duration RECHECK = Duration.ofSeconds(5);
    private static final List<ResourceType<?>> NAMESPACED =
            Resources.ALL.stream().<ResourceType<?>>map(t -> t).filter(ResourceType::namespaced).toList();

    private final TestCaches caches = new TestCaches();
    private final FakeObjectControl control = new FakeObjectControl();
    private final NamespaceSync sync = new NamespaceSync(caches.lister(Resources.NAMESPACES), caches.caches, control,
            RECHECK);

    static Namespace namespace(String name, boolean terminating, String... finalizers) {
        Namespace ns = new NamespaceBuilder().withNewMetadata().withName(name).withUid("uid-" + name)
                .withResourceVersion("5").endMetadata()
                .withNewSpec().withFinalizers(finalizers).endSpec()
                .withNewStatus().withPhase(terminating ? "Terminating" : "Active").endStatus().build();
        if (terminating) {
            ns.getMetadata().setDeletionTimestamp("2025-01-01T00:00:00Z");
        }
        return ns;
    }

    /** An object of that kind (its fabric8 class, empty spec) in the namespace, cached and known live. */
    private HasMetadata object(ResourceType<?> type, String namespace, String name) {
        HasMetadata object = instance(type);
        object.getMetadata().setNamespace(namespace);
        object.getMetadata().setName(name);
        object.getMetadata().setUid("uid-" + namespace + "-" + name);
        put(type, object);
        control.putLive(type, object);
        return object;
    }

    private static HasMetadata instance(ResourceType<?> type) {
        return Json.read("{\"metadata\":{}}".getBytes(), type.modelClass());
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private void put(ResourceType<?> type, HasMetadata object) {
        ((MapLister) caches.lister(type)).put(object);
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private void removeEverywhere(ResourceType<?> type, HasMetadata object) {
        ((MapLister) caches.lister(type)).remove(object);
        control.removeLive(type, object);
    }

    private List<String> deletes() {
        return control.calls.stream().filter(c -> c.startsWith("delete")).toList();
    }

    @Test
    void everyNamespacedKindIsDeletedAndTheNamespaceFinalizedOnlyOnceEmpty() {
        caches.lister(Resources.NAMESPACES).put(namespace("team", true, "kubernetes"));
        List<HasMetadata> content = new ArrayList<>();
        for (ResourceType<?> type : NAMESPACED) {
            content.add(object(type, "team", "x"));
        }
        object(Resources.PODS, "default", "x");
        HasMetadata node = instance(Resources.NODES);
        node.getMetadata().setName("n1");
        put(Resources.NODES, node);

        assertEquals(Result.requeueAfter(RECHECK), sync.sync("team"));
        List<String> expected = NAMESPACED.stream()
                .map(t -> "delete " + FakeObjectControl.key(t, "team", "x") + " Background uid-team-x").toList();
        assertEquals(expected, control.calls, "every kind in team, nothing elsewhere, no finalize yet");
        assertEquals(11, expected.size());

        // all but a pod are gone; the pod waits for its kubelet
        HasMetadata pod = content.get(NAMESPACED.indexOf(Resources.PODS));
        for (int i = 0; i < content.size(); i++) {
            if (content.get(i) != pod) {
                removeEverywhere(NAMESPACED.get(i), content.get(i));
            }
        }
        pod.getMetadata().setDeletionTimestamp("2025-01-01T00:00:30Z");
        control.calls.clear();
        assertEquals(Result.requeueAfter(RECHECK), sync.sync("team"));
        assertTrue(control.calls.isEmpty(), "a terminating pod is not deleted again: " + control.calls);

        removeEverywhere(Resources.PODS, pod);
        assertEquals(Result.done(), sync.sync("team"));
        assertEquals(List.of("finalize team"), control.calls);
        assertEquals(List.of(), control.finalized.get(0).getSpec().getFinalizers());
    }

    @Test
    void objectsTheCachesHaveNotSeenYetAreFoundLiveBeforeFinalizing() {
        caches.lister(Resources.NAMESPACES).put(namespace("team", true, "kubernetes"));
        HasMetadata lease = instance(Resources.LEASES);
        lease.getMetadata().setNamespace("team");
        lease.getMetadata().setName("l");
        lease.getMetadata().setUid("uid-l");
        control.putLive(Resources.LEASES, lease);

        assertEquals(Result.requeueAfter(RECHECK), sync.sync("team"));
        assertEquals(List.of("delete leases.coordination.k8s.io/team/l Background uid-l"), control.calls);
    }

    @Test
    void finalizersOfOthersAreKept() {
        caches.lister(Resources.NAMESPACES).put(namespace("team", true, "kubernetes", "example.com/audit"));
        assertEquals(Result.done(), sync.sync("team"));
        assertEquals(List.of("example.com/audit"), control.finalized.get(0).getSpec().getFinalizers());
    }

    @Test
    void activeFinalizedAndUnknownNamespacesAreLeftAlone() {
        caches.lister(Resources.NAMESPACES).put(namespace("active", false, "kubernetes"),
                namespace("finalized", true));
        object(Resources.PODS, "active", "p");
        object(Resources.PODS, "finalized", "p");
        assertEquals(Result.done(), sync.sync("active"));
        assertEquals(Result.done(), sync.sync("finalized"));
        assertEquals(Result.done(), sync.sync("unknown"));
        assertTrue(control.calls.isEmpty());
        assertTrue(deletes().isEmpty());
    }

    @Test
    void objectsAlreadyGoneOrReplacedDoNotStopTheOthers() {
        caches.lister(Resources.NAMESPACES).put(namespace("team", true, "kubernetes"));
        object(Resources.PODS, "team", "a");
        object(Resources.PODS, "team", "b");
        control.deleteError = new ApiException(404, null, "not found");
        assertEquals(Result.requeueAfter(RECHECK), sync.sync("team"));
    }
}
