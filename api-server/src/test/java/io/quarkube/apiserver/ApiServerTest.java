package io.quarkube.apiserver;

import io.quarkube.api.EventType;
import io.quarkube.infra.QuarkubeTestInfra;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The api-server alone, against a real PostgreSQL and a real Kafka broker. */
@QuarkusTest
@WithTestResource(value = QuarkubeTestInfra.class, scope = TestResourceScope.GLOBAL)
class ApiServerTest {
    private static final String PODS = "/api/v1/namespaces/default/pods";

    static RequestSpecification api() {
        return RestAssured.given().header("Authorization", "Bearer test-admin-token")
                .contentType("application/json");
    }

    static String pod(String name) {
        return """
                {"apiVersion":"v1","kind":"Pod","metadata":{"name":"%s","labels":{"app":"web","tier":"front"}},
                 "spec":{"containers":[{"name":"c","image":"nginx:1.27",
                   "resources":{"requests":{"cpu":"100m","memory":"64Mi"}}}]}}""".formatted(name);
    }

    @Test
    void createdPodGetsIdentityDefaultsAndReachesKafkaInOrder() {
        String name = "p-" + UUID.randomUUID().toString().substring(0, 8);
        ValidatableResponse created = api().body(pod(name)).post(PODS).then().statusCode(201)
                .body("metadata.uid", notNullValue())
                .body("metadata.creationTimestamp", notNullValue())
                .body("metadata.namespace", equalTo("default"))
                .body("status.phase", equalTo("Pending"))
                .body("status.qosClass", equalTo("Burstable"))
                .body("spec.restartPolicy", equalTo("Always"))
                .body("spec.schedulerName", equalTo("default-scheduler"))
                .body("spec.terminationGracePeriodSeconds", equalTo(30))
                .body("spec.containers[0].imagePullPolicy", equalTo("IfNotPresent"));
        long createdRv = Long.parseLong(created.extract().path("metadata.resourceVersion"));

        api().body("""
                {"apiVersion":"v1","kind":"Binding","metadata":{"name":"%s"},"target":{"kind":"Node","name":"n1"}}"""
                .formatted(name)).post(PODS + "/" + name + "/binding").then().statusCode(201)
                .body("status", equalTo("Success"));
        // a bound pod is deleted gracefully; grace period 0 (the kubelet's confirmation) removes it at once
        api().body("{\"gracePeriodSeconds\":0}").delete(PODS + "/" + name).then().statusCode(200);

        List<ConsumerRecord<String, byte[]>> events = readTopic("quarkube.v1.pods", "default/" + name, 4);
        assertEquals(List.of("ADDED", "MODIFIED", "DELETED", "TOMBSTONE"), events.stream()
                .map(r -> r.value() == null ? "TOMBSTONE" : EventType.from(r.headers()).name()).toList());
        long previous = createdRv - 1;
        for (ConsumerRecord<String, byte[]> event : events.subList(0, 3)) {
            String json = new String(event.value(), StandardCharsets.UTF_8);
            long rv = Long.parseLong(json.replaceAll(".*\"resourceVersion\":\"(\\d+)\".*", "$1"));
            assertTrue(rv > previous, "resourceVersion must increase: " + rv + " after " + previous);
            previous = rv;
        }
    }

    @Test
    void aPodIsBoundExactlyOnce() {
        String name = "bind-" + UUID.randomUUID().toString().substring(0, 8);
        api().body(pod(name)).post(PODS).then().statusCode(201);
        String binding = """
                {"apiVersion":"v1","kind":"Binding","metadata":{"name":"%s"},"target":{"kind":"Node","name":"%s"}}""";
        api().body(binding.formatted(name, "node-a")).post(PODS + "/" + name + "/binding").then().statusCode(201);
        api().body(binding.formatted(name, "node-b")).post(PODS + "/" + name + "/binding").then().statusCode(409)
                .body("reason", equalTo("Conflict"))
                .body("message", equalTo("Operation cannot be fulfilled on pods \"" + name + "\": pod " + name
                        + " is already assigned to node \"node-a\""));
        api().get(PODS + "/" + name).then().statusCode(200)
                .body("spec.nodeName", equalTo("node-a"))
                .body("status.conditions.find { it.type == 'PodScheduled' }.status", equalTo("True"));
    }

    @Test
    void staleResourceVersionIsAConflict() {
        String name = "stale-" + UUID.randomUUID().toString().substring(0, 8);
        Map<String, Object> pod = api().body(pod(name)).post(PODS).then().statusCode(201).extract().as(Map.class);
        api().body(pod).put(PODS + "/" + name).then().statusCode(200); // same content: accepted
        Map<?, ?> labels = Map.of("app", "web", "tier", "back");
        ((Map<String, Object>) pod.get("metadata")).put("labels", labels);
        String fresh = api().body(pod).put(PODS + "/" + name).then().statusCode(200)
                .extract().path("metadata.resourceVersion");
        ((Map<String, Object>) pod.get("metadata")).put("labels", Map.of("app", "other"));
        api().body(pod).put(PODS + "/" + name).then().statusCode(409)
                .body("kind", equalTo("Status"))
                .body("reason", equalTo("Conflict"))
                .body("details.name", equalTo(name));
        api().get(PODS + "/" + name).then().body("metadata.resourceVersion", equalTo(fresh))
                .body("metadata.labels.tier", equalTo("back"));
    }

    @Test
    void malformedJsonIsABadRequestStatus() {
        api().body("{\"apiVersion\":\"v1\",\"kind\":\"Pod\",\"metadata\":{\"name\":").post(PODS).then()
                .statusCode(400).body("kind", equalTo("Status")).body("reason", equalTo("BadRequest"))
                .body("code", equalTo(400));
        api().body("{\"apiVersion\":\"v1\",\"kind\":\"Pod\",\"spec\":{\"containers\":\"nope\"}}").post(PODS).then()
                .statusCode(400).body("reason", equalTo("BadRequest"));
    }

    @Test
    void invalidNamesAndSpecsAreUnprocessable() {
        api().body(pod("Bad_Name")).post(PODS).then().statusCode(422)
                .body("reason", equalTo("Invalid"))
                .body("details.kind", equalTo("Pod"))
                .body("details.causes.field", hasItem("metadata.name"))
                .body("message", equalTo("Pod \"Bad_Name\" is invalid: metadata.name: Invalid value: \"Bad_Name\": "
                        + "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or"
                        + " '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex "
                        + "used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')"));
        api().body("""
                {"metadata":{"name":"noimage"},"spec":{"containers":[{"name":"c"},{"name":"c","image":"x"}],
                 "restartPolicy":"Sometimes"}}""").post(PODS).then().statusCode(422)
                .body("details.causes.field", hasItem("spec.containers[0].image"))
                .body("details.causes.field", hasItem("spec.containers[1].name"))
                .body("details.causes.field", hasItem("spec.restartPolicy"));
        api().body("{\"metadata\":{\"name\":\"nocontainers\"},\"spec\":{\"containers\":[]}}").post(PODS).then()
                .statusCode(422).body("details.causes.field", hasItem("spec.containers"));
    }

    @Test
    void podSpecIsImmutableExceptImages() {
        String name = "immut-" + UUID.randomUUID().toString().substring(0, 8);
        api().body(pod(name)).post(PODS).then().statusCode(201);
        Map<String, Object> pod = api().get(PODS + "/" + name).then().extract().as(Map.class);
        Map<String, Object> spec = (Map<String, Object>) pod.get("spec");
        spec.put("restartPolicy", "Never");
        api().body(pod).put(PODS + "/" + name).then().statusCode(422)
                .body("details.causes.field", hasItem("spec"));
        spec.put("restartPolicy", "Always");
        ((List<Map<String, Object>>) spec.get("containers")).get(0).put("image", "nginx:1.28");
        api().body(pod).put(PODS + "/" + name).then().statusCode(200)
                .body("spec.containers[0].image", equalTo("nginx:1.28"));
    }

    @Test
    void statusAndSpecAreWrittenSeparately() {
        String name = "status-" + UUID.randomUUID().toString().substring(0, 8);
        Map<String, Object> pod = api().body(pod(name)).post(PODS).then().statusCode(201).extract().as(Map.class);
        ((Map<String, Object>) pod.get("status")).put("phase", "Running");
        ((List<Map<String, Object>>) ((Map<String, Object>) pod.get("spec")).get("containers")).get(0)
                .put("image", "ignored:by-status");
        api().body(pod).put(PODS + "/" + name + "/status").then().statusCode(200)
                .body("status.phase", equalTo("Running"))
                .body("spec.containers[0].image", equalTo("nginx:1.27"));
        Map<String, Object> current = api().get(PODS + "/" + name).then().extract().as(Map.class);
        ((Map<String, Object>) current.get("status")).put("phase", "Failed");
        api().body(current).put(PODS + "/" + name).then().statusCode(200).body("status.phase", equalTo("Running"));
    }

    @Test
    void listsFilterByLabelAndFieldSelectors() {
        String ns = "sel-" + UUID.randomUUID().toString().substring(0, 8);
        api().body("{\"metadata\":{\"name\":\"" + ns + "\"}}").post("/api/v1/namespaces").then().statusCode(201);
        String path = "/api/v1/namespaces/" + ns + "/pods";
        api().body(pod("a")).post(path).then().statusCode(201);
        api().body(pod("b").replace("\"tier\":\"front\"", "\"tier\":\"back\"")).post(path).then().statusCode(201);
        api().queryParam("labelSelector", "app=web,tier in (back)").get(path).then().statusCode(200)
                .body("kind", equalTo("PodList")).body("items", hasSize(1)).body("items[0].metadata.name", equalTo("b"))
                .body("metadata.resourceVersion", notNullValue());
        api().queryParam("labelSelector", "tier!=back").get(path).then().body("items.metadata.name",
                equalTo(List.of("a")));
        api().queryParam("fieldSelector", "metadata.name=a").get(path).then().body("items", hasSize(1));
        api().queryParam("labelSelector", "tier in (back").get(path).then().statusCode(400);
        api().get("/api/v1/pods").then().statusCode(200).body("items.metadata.namespace", hasItem(ns));
    }

    @Test
    void listsArePagedWithLimitAndContinue() {
        String ns = "page-" + UUID.randomUUID().toString().substring(0, 8);
        api().body("{\"metadata\":{\"name\":\"" + ns + "\"}}").post("/api/v1/namespaces").then().statusCode(201);
        String path = "/api/v1/namespaces/" + ns + "/pods";
        for (String name : List.of("a", "b", "c", "d", "e")) {
            api().body(pod(name)).post(path).then().statusCode(201);
        }
        ValidatableResponse first = api().queryParam("limit", 2).get(path).then().statusCode(200)
                .body("items.metadata.name", equalTo(List.of("a", "b"))).body("metadata.remainingItemCount", equalTo(3));
        String rv = first.extract().path("metadata.resourceVersion");
        String next = first.extract().path("metadata.continue");
        ValidatableResponse second = api().queryParam("limit", 2).queryParam("continue", next).get(path).then()
                .body("items.metadata.name", equalTo(List.of("c", "d"))).body("metadata.resourceVersion", equalTo(rv));
        api().queryParam("limit", 2).queryParam("continue", (String) second.extract().path("metadata.continue"))
                .get(path).then().body("items.metadata.name", equalTo(List.of("e")))
                .body("metadata.continue", org.hamcrest.Matchers.nullValue());
        api().queryParam("continue", "garbage!").get(path).then().statusCode(400);
    }

    @Test
    void unknownNamespaceAndUnknownResourceAreNotFound() {
        api().body(pod("x")).post("/api/v1/namespaces/nowhere/pods").then().statusCode(404)
                .body("reason", equalTo("NotFound")).body("message", equalTo("namespaces \"nowhere\" not found"));
        api().get("/api/v1/namespaces/default/widgets").then().statusCode(404).body("kind", equalTo("Status"));
        api().get(PODS + "/does-not-exist").then().statusCode(404)
                .body("message", equalTo("pods \"does-not-exist\" not found"));
    }

    @Test
    void everyRequestNeedsAKnownToken() {
        RestAssured.given().get(PODS).then().statusCode(401).body("reason", equalTo("Unauthorized"));
        RestAssured.given().header("Authorization", "Bearer wrong").get(PODS).then().statusCode(401);
        RestAssured.given().header("Authorization", "Bearer test-scheduler-token").get(PODS).then().statusCode(200);
    }

    @Test
    void replicaSetsDefaultReplicasTrackGenerationAndCheckTheirSelector() {
        String rs = """
                {"apiVersion":"apps/v1","kind":"ReplicaSet","metadata":{"name":"%s"},
                 "spec":{"selector":{"matchLabels":{"app":"%s"}},
                  "template":{"metadata":{"labels":{"app":"web"}},"spec":{"containers":[{"name":"c","image":"nginx"}]}}}}""";
        String path = "/apis/apps/v1/namespaces/default/replicasets";
        api().body(rs.formatted("mismatch", "other")).post(path).then().statusCode(422)
                .body("details.causes.field", hasItem("spec.template.metadata.labels"));
        Map<String, Object> created = api().body(rs.formatted("web", "web")).post(path).then().statusCode(201)
                .body("spec.replicas", equalTo(1)).body("metadata.generation", equalTo(1))
                .body("spec.template.spec.containers[0].imagePullPolicy", equalTo("Always"))
                .extract().as(Map.class);
        ((Map<String, Object>) created.get("spec")).put("replicas", 3);
        api().body(created).put(path + "/web").then().statusCode(200)
                .body("spec.replicas", equalTo(3)).body("metadata.generation", equalTo(2));
        Map<String, Object> current = api().get(path + "/web").then().extract().as(Map.class);
        current.put("status", Map.of("replicas", 3, "observedGeneration", 2));
        api().body(current).put(path + "/web/status").then().statusCode(200)
                .body("status.replicas", equalTo(3)).body("metadata.generation", equalTo(2));
    }

    static List<ConsumerRecord<String, byte[]>> readTopic(String topic, String key, int expected) {
        Map<String, Object> config = Map.of("bootstrap.servers", QuarkubeTestInfra.shared().bootstrapServers(),
                "key.deserializer", StringDeserializer.class.getName(),
                "value.deserializer", ByteArrayDeserializer.class.getName());
        List<ConsumerRecord<String, byte[]>> found = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(config)) {
            TopicPartition partition = new TopicPartition(topic, 0);
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (found.size() < expected && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(r -> {
                    if (key.equals(r.key())) {
                        found.add(r);
                    }
                });
            }
        }
        return found;
    }
}
