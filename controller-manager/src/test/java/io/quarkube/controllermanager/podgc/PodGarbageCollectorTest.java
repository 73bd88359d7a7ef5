package io.quarkube.controllermanager.podgc;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Taint;
import io.quarkube.api.client.ApiException;
import io.quarkube.api.testing.MutableClock;
import io.quarkube.controllermanager.MapLister;
import io.quarkube.controllermanager.controller.Result;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;

class PodGarbageCollectorTest {
    private final MutableClock clock = new MutableClock();
    private final List<Pod> pods = new ArrayList<>();
    private final MapLister<Node> nodes = new MapLister<>();
    private final FakeClient client = new FakeClient();

    private PodGarbageCollector gc(int threshold) {
        return new PodGarbageCollector(() -> pods, nodes, client, clock, threshold, Duration.ofSeconds(20),
                Duration.ofSeconds(40));
    }

    /** Records calls; apiNodes is what a live GET finds. */
    static final class FakeClient implements PodGcClient {
        final Map<String, Node> apiNodes = new HashMap<>();
        final List<String> calls = Collections.synchronizedList(new ArrayList<>());
        final List<Map<String, Object>> patches = new ArrayList<>();
        RuntimeException deleteError;

        @Override
        public Optional<Node> getNode(String name) {
            calls.add("GET node " + name);
            return Optional.ofNullable(apiNodes.get(name));
        }

        @Override
        public void patchPodStatus(String namespace, String name, Map<String, Object> patch) {
            calls.add("patch " + name);
            patches.add(patch);
        }

        @Override
        public void forceDeletePod(String namespace, String name, String uid) {
            if (deleteError != null) {
                throw deleteError;
            }
            calls.add("delete " + name);
        }

        List<String> deleted() {
            return calls.stream().filter(c -> c.startsWith("delete ")).map(c -> c.substring(7)).toList();
        }
    }

    private static Pod pod(String name, String phase, String created, String node) {
        return new PodBuilder().withNewMetadata().withNamespace("default").withName(name).withUid("uid-" + name)
                .withCreationTimestamp(created).endMetadata()
                .withNewSpec().withNodeName(node).addNewContainer().withName("c").withImage("i").endContainer().endSpec()
                .withNewStatus().withPhase(phase).endStatus().build();
    }

    private static Node node(String name, String ready) {
        return new NodeBuilder().withNewMetadata().withName(name).endMetadata().withNewSpec().endSpec()
                .withNewStatus().addNewCondition().withType("Ready").withStatus(ready).endCondition().endStatus()
                .build();
    }

    @Test
    void terminatedPodsOverTheThresholdGoOldestFirstEvictedBeforeAll() {
        nodes.put(node("n1", "True"));
        pods.add(pod("old-succeeded", "Succeeded", "2025-01-01T00:00:01Z", "n1"));
        pods.add(pod("older-failed", "Failed", "2025-01-01T00:00:00Z", "n1"));
        pods.add(pod("new-failed", "Failed", "2025-01-01T00:00:09Z", "n1"));
        Pod evicted = pod("evicted-newest", "Failed", "2025-01-01T00:00:10Z", "n1");
        evicted.getStatus().setReason("Evicted");
        pods.add(evicted);
        pods.add(pod("tie-b", "Succeeded", "2025-01-01T00:00:05Z", "n1"));
        pods.add(pod("tie-a", "Succeeded", "2025-01-01T00:00:05Z", "n1"));
        pods.add(pod("running-oldest", "Running", "2024-01-01T00:00:00Z", "n1"));

        gc(2).gc(); // 6 terminated, threshold 2: 4 go
        assertEquals(List.of("evicted-newest", "older-failed", "old-succeeded", "tie-a"), client.deleted());
        assertEquals(List.of(), client.patches, "terminated pods are not patched");
    }

    @Test
    void atOrUnderTheThresholdNothingGoes() {
        nodes.put(node("n1", "True"));
        pods.add(pod("a", "Succeeded", "2025-01-01T00:00:00Z", "n1"));
        pods.add(pod("b", "Failed", "2025-01-01T00:00:00Z", "n1"));
        gc(2).gc();
        assertEquals(List.of(), client.calls);
    }

    @Test
    void podsOfANodeThatNoLongerExistsGoAfterTheQuarantineAndALiveGet() {
        nodes.put(node("n1", "True"));
        pods.add(pod("orphan", "Running", "2025-01-01T00:00:00Z", "gone"));
        pods.add(pod("fine", "Running", "2025-01-01T00:00:00Z", "n1"));
        PodGarbageCollector gc = gc(12_500);
        gc.gc();
        clock.advance(Duration.ofSeconds(39));
        gc.gc();
        assertEquals(List.of(), client.calls, "quarantined: the cache may not have the node yet");
        clock.advance(Duration.ofSeconds(1));
        gc.gc();
        assertEquals(List.of("GET node gone", "patch orphan", "delete orphan"), client.calls);
        @SuppressWarnings("unchecked")
        Map<String, Object> status = (Map<String, Object>) client.patches.get(0).get("status");
        assertEquals("Failed", status.get("phase"));
        @SuppressWarnings("unchecked")
        Map<String, Object> condition = (Map<String, Object>) ((List<?>) status.get("conditions")).get(0);
        assertEquals("DeletionByPodGC", condition.get("reason"));
        assertEquals("PodGC: node no longer exists", condition.get("message"));
    }

    @Test
    void aNodeTheCacheLacksButTheApiServerHasKeepsItsPods() {
        pods.add(pod("p", "Running", "2025-01-01T00:00:00Z", "new-node"));
        client.apiNodes.put("new-node", node("new-node", "True"));
        PodGarbageCollector gc = gc(12_500);
        gc.gc();
        clock.advance(Duration.ofSeconds(41));
        gc.gc();
        assertEquals(List.of("GET node new-node"), client.calls);
        clock.advance(Duration.ofSeconds(20)); // quarantined afresh, not read again at once
        gc.gc();
        assertEquals(List.of("GET node new-node"), client.calls);
    }

    @Test
    void terminatingPodsNeverScheduledAreForceDeleted() {
        Pod unscheduled = pod("unscheduled", "Pending", "2025-01-01T00:00:00Z", null);
        unscheduled.getMetadata().setDeletionTimestamp("2025-01-01T00:00:00Z");
        unscheduled.getMetadata().setDeletionGracePeriodSeconds(30L);
        Pod held = pod("held-by-finalizer", "Pending", "2025-01-01T00:00:00Z", null);
        held.getMetadata().setDeletionTimestamp("2025-01-01T00:00:00Z");
        held.getMetadata().setDeletionGracePeriodSeconds(0L);
        nodes.put(node("n1", "True"));
        Pod scheduled = pod("scheduled", "Running", "2025-01-01T00:00:00Z", "n1");
        scheduled.getMetadata().setDeletionTimestamp("2025-01-01T00:00:30Z");
        pods.addAll(List.of(unscheduled, held, scheduled));
        gc(12_500).gc();
        assertEquals(List.of("unscheduled"), client.deleted());
    }

    @Test
    void terminatingPodsOfAnOutOfServiceNodeAreForceDeleted() {
        Node node = node("n1", "False");
        node.getSpec().setTaints(List.of(new Taint("NoExecute", "node.kubernetes.io/out-of-service", null, null)));
        nodes.put(node, node("n2", "False"));
        Pod stuck = pod("stuck", "Running", "2025-01-01T00:00:00Z", "n1");
        stuck.getMetadata().setDeletionTimestamp("2025-01-01T00:00:30Z");
        Pod other = pod("other", "Running", "2025-01-01T00:00:00Z", "n2");
        other.getMetadata().setDeletionTimestamp("2025-01-01T00:00:30Z");
        pods.addAll(List.of(stuck, other));
        gc(12_500).gc();
        assertEquals(List.of("patch stuck", "delete stuck"), client.calls);
    }

    @Test
    void everyPassIsFollowedByTheNextEvenWhenDeletionsFail() {
        pods.add(pod("a", "Succeeded", "2025-01-01T00:00:00Z", null));
        pods.add(pod("b", "Succeeded", "2025-01-01T00:00:01Z", null));
        client.deleteError = new ApiException(500, null, "boom");
        assertEquals(Result.requeueAfter(Duration.ofSeconds(20)), gc(1).sync(PodGarbageCollector.KEY));
    }
}
