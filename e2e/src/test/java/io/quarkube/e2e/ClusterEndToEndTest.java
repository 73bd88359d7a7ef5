package io.quarkube.e2e;

import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.ContainerStateTerminated;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder;
import io.quarkube.api.EventType;
import io.quarkube.api.Resources;
import io.quarkube.api.client.ApiClient;
import io.quarkube.api.client.ApiException;
import io.quarkube.api.json.Json;
import io.quarkube.launcher.LocalCluster;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The walking skeleton end to end: a real broker, a real PostgreSQL and the four services as processes,
 * driven over HTTP as a user would. Ordered because the last tests restart services.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterEndToEndTest {
    private static final Duration RUNNING_WITHIN = Duration.ofSeconds(60);

    private final ApiClient api = Cluster.admin();

    @Test
    @Order(1)
    void aPodIsScheduledOntoARegisteredNodeAndRuns() {
        api.create(Resources.PODS, Pods.longRunning("web-1"));
        Pod running = Pods.await(api, "web-1", RUNNING_WITHIN, p -> "Running".equals(Pods.phase(p)));

        Set<String> nodes = api.list(Resources.NODES, null, null).stream().map(n -> n.getMetadata().getName())
                .collect(Collectors.toSet());
        assertTrue(nodes.contains(running.getSpec().getNodeName()),
                "bound to " + running.getSpec().getNodeName() + ", registered nodes: " + nodes);
        assertTrue(running.getStatus().getContainerStatuses().get(0).getState().getRunning() != null);

        // the relay publishes right after each commit; give it a moment to catch up with the last status
        List<ConsumerRecord<String, byte[]>> events = Awaitility.await().atMost(Duration.ofSeconds(10))
                .until(() -> topic("quarkube.v1.pods", "default/web-1"), e -> !e.isEmpty() && "Running".equals(
                        Json.read(e.get(e.size() - 1).value(), Pod.class).getStatus().getPhase()));
        assertEquals("ADDED", EventType.from(events.get(0).headers()).name());
        assertTrue(events.size() >= 3, "ADDED, the binding and at least one status change: " + events.size());
        long previous = 0;
        for (ConsumerRecord<String, byte[]> event : events) {
            Pod pod = Json.read(event.value(), Pod.class);
            long rv = Long.parseLong(pod.getMetadata().getResourceVersion());
            assertTrue(rv > previous, "resourceVersion must increase along the topic: " + rv + " after " + previous);
            previous = rv;
        }
    }

    @Test
    @Order(2)
    void aProcessExitCodeDecidesThePhaseAndItsOutputIsTheLog() {
        api.create(Resources.PODS, Pods.withCommand("fails", "Never", "sh", "-c", "echo hi; exit 3"));
        api.create(Resources.PODS, Pods.withCommand("succeeds", "Never", "sh", "-c", "echo hi; exit 0"));

        Pod failed = Pods.await(api, "fails", RUNNING_WITHIN, p -> "Failed".equals(Pods.phase(p)));
        ContainerStateTerminated terminated = failed.getStatus().getContainerStatuses().get(0).getState()
                .getTerminated();
        assertEquals(3, terminated.getExitCode());
        assertEquals("Error", terminated.getReason());

        Pod succeeded = Pods.await(api, "succeeds", RUNNING_WITHIN, p -> "Succeeded".equals(Pods.phase(p)));
        assertEquals(0, succeeded.getStatus().getContainerStatuses().get(0).getState().getTerminated().getExitCode());

        assertEquals("hi\n", api.getText("/api/v1/namespaces/default/pods/fails/log"));
        assertEquals("hi\n", api.getText("/api/v1/namespaces/default/pods/succeeds/log?container=main"));
    }

    @Test
    @Order(3)
    void aReplicaSetKeepsItsReplicasRunning() {
        ReplicaSet rs = new ReplicaSetBuilder().withNewMetadata().withName("frontend").withNamespace("default")
                .endMetadata().withNewSpec().withReplicas(3)
                .withNewSelector().withMatchLabels(Map.of("app", "frontend")).endSelector()
                .withNewTemplate().withNewMetadata().withLabels(Map.of("app", "frontend")).endMetadata()
                .withNewSpec().withContainers(new ContainerBuilder().withName("web").withImage("nginx:1.27").build())
                .endSpec().endTemplate().endSpec().build();
        String uid = api.create(Resources.REPLICASETS, rs).getMetadata().getUid();

        List<Pod> three = awaitOwnedRunning(uid, 3);
        ReplicaSet observed = Awaitility.await().atMost(RUNNING_WITHIN)
                .until(() -> api.get(Resources.REPLICASETS, "default", "frontend").orElseThrow(),
                        r -> r.getStatus() != null && Integer.valueOf(3).equals(r.getStatus().getReadyReplicas()));
        assertEquals(3, observed.getStatus().getReplicas());

        Pod victim = three.get(0);
        api.delete(Resources.PODS, "default", victim.getMetadata().getName());
        List<Pod> replaced = awaitOwnedRunning(uid, 3);
        assertTrue(replaced.stream().noneMatch(p -> p.getMetadata().getUid().equals(victim.getMetadata().getUid())),
                "the deleted pod was replaced by a new one (new UID)");

        scaleTo(1); // the controller writes the status meanwhile: retry on conflict, as kubectl does

        awaitOwnedRunning(uid, 1);
        // and it stays at exactly one: no late creation from a stale cache
        Awaitility.await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10))
                .until(() -> ownedActive(uid).size() == 1);
    }

    @Test
    @Order(4)
    void badRequestsGetKubernetesStatuses() {
        // no scheduler takes it, so no one else writes it between our two updates
        Pod unscheduled = Pods.longRunning("conflicting");
        unscheduled.getSpec().setSchedulerName("nobody");
        Pod pod = api.create(Resources.PODS, unscheduled);
        api.update(Resources.PODS, withLabel(pod, "v", "1"));
        ApiException stale = assertThrows(ApiException.class, () -> api.update(Resources.PODS, withLabel(pod, "v", "2")));
        assertEquals(409, stale.code());
        assertEquals("Conflict", stale.reason());

        ApiException invalid = assertThrows(ApiException.class,
                () -> api.create(Resources.PODS, Pods.longRunning("Bad_Name")));
        assertEquals(422, invalid.code());
        assertEquals("metadata.name", invalid.status().getDetails().getCauses().get(0).getField());
    }

    @Test
    @Order(5)
    void objectsSurviveAnApiServerRestartAndTheComponentsCarryOn() {
        LocalCluster cluster = Cluster.get();
        String before = api.get(Resources.PODS, "default", "web-1").orElseThrow().getMetadata().getUid();
        cluster.restart(LocalCluster.API_SERVER);

        assertEquals(before, api.get(Resources.PODS, "default", "web-1").orElseThrow().getMetadata().getUid());
        assertTrue(api.get(Resources.REPLICASETS, "default", "frontend").isPresent());
        api.create(Resources.PODS, Pods.longRunning("after-restart"));
        Pod running = Pods.await(api, "after-restart", RUNNING_WITHIN, p -> "Running".equals(Pods.phase(p)));
        assertTrue(running.getSpec().getNodeName() != null);

        for (Node node : api.list(Resources.NODES, null, null)) {
            assertEquals("True", node.getStatus().getConditions().stream()
                    .filter(c -> "Ready".equals(c.getType())).findFirst().orElseThrow().getStatus());
        }
    }

    @Test
    @Order(6)
    void componentsRestartedFromKafkaPickUpWhereTheyWere() {
        LocalCluster cluster = Cluster.get();
        cluster.restart(LocalCluster.SCHEDULER);
        cluster.restart(LocalCluster.KUBELET_AGENT);
        api.create(Resources.PODS, Pods.longRunning("after-component-restart"));
        Pods.await(api, "after-component-restart", RUNNING_WITHIN, p -> "Running".equals(Pods.phase(p)));
        // the pods that ran before are still Running and were not bound twice
        Pod web = api.get(Resources.PODS, "default", "web-1").orElseThrow();
        assertEquals("Running", Pods.phase(web));
        ReplicaSet rs = api.get(Resources.REPLICASETS, "default", "frontend").orElseThrow();
        assertEquals(1, ownedActive(rs.getMetadata().getUid()).size());
    }

    private void scaleTo(int replicas) {
        Updates.update(api, Resources.REPLICASETS, "default", "frontend", rs -> rs.getSpec().setReplicas(replicas));
    }

    private List<Pod> awaitOwnedRunning(String ownerUid, int count) {
        return Awaitility.await().atMost(RUNNING_WITHIN).pollInterval(Duration.ofMillis(250))
                .until(() -> ownedActive(ownerUid),
                        pods -> pods.size() == count && pods.stream().allMatch(p -> "Running".equals(Pods.phase(p))));
    }

    private List<Pod> ownedActive(String ownerUid) {
        return api.list(Resources.PODS, "default", "app=frontend").stream()
                .filter(p -> p.getMetadata().getDeletionTimestamp() == null)
                .filter(p -> p.getMetadata().getOwnerReferences().stream()
                        .anyMatch(o -> ownerUid.equals(o.getUid()) && Boolean.TRUE.equals(o.getController())))
                .toList();
    }

    private static Pod withLabel(Pod pod, String key, String value) {
        Pod copy = Json.copy(pod, Pod.class);
        copy.getMetadata().setLabels(Map.of(key, value));
        return copy;
    }

    private static List<ConsumerRecord<String, byte[]>> topic(String topic, String key) {
        Map<String, Object> config = Map.of("bootstrap.servers", Cluster.get().bootstrapServers(),
                "key.deserializer", StringDeserializer.class.getName(),
                "value.deserializer", ByteArrayDeserializer.class.getName());
        List<ConsumerRecord<String, byte[]>> found = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(config)) {
            TopicPartition partition = new TopicPartition(topic, 0);
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            long end = consumer.endOffsets(List.of(partition)).get(partition);
            while (consumer.position(partition) < end) {
                consumer.poll(Duration.ofMillis(500)).forEach(r -> {
                    if (key.equals(r.key()) && r.value() != null) {
                        found.add(r);
                    }
                });
            }
        }
        return found;
    }
}
