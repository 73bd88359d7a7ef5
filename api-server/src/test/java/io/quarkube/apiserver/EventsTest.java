package io.quarkube.apiserver;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.quarkube.api.client.ApiClient;
import io.quarkube.api.events.EventBroadcaster;
import io.quarkube.api.events.EventRecorder;
import io.quarkube.api.json.Json;
import io.quarkube.infra.QuarkubeTestInfra;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.Test;

import java.net.URL;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Events recorded by a component through the api-server, listed the way {@code kubectl describe pod} asks. */
@QuarkusTest
@WithTestResource(value = QuarkubeTestInfra.class, scope = TestResourceScope.GLOBAL)
class EventsTest {
    @TestHTTPResource("/")
    URL base;

    @Test
    void aComponentsEventsAreCountedAndSelectedByTheInvolvedPod() throws Exception {
        String name = "ev-" + UUID.randomUUID().toString().substring(0, 8);
        byte[] created = RestAssured.given().header("Authorization", "Bearer test-admin-token")
                .contentType("application/json")
                .body("""
                        {"apiVersion":"v1","kind":"Pod","metadata":{"name":"%s"},
                         "spec":{"containers":[{"name":"c","image":"nginx:1.27"}]}}""".formatted(name))
                .post("/api/v1/namespaces/default/pods").then().statusCode(201).extract().asByteArray();
        Pod pod = Json.read(created, Pod.class);
        // an earlier pod of the same name: describe must not show its events
        Pod predecessor = new PodBuilder(pod).editMetadata().withUid(UUID.randomUUID().toString()).endMetadata().build();

        try (EventBroadcaster broadcaster = new EventBroadcaster(new ApiClient(base.toString(), "test-admin-token"))) {
            EventRecorder scheduler = broadcaster.recorder("default-scheduler");
            scheduler.warning(pod, "FailedScheduling", "0/3 nodes are available: 3 Insufficient cpu.");
            scheduler.warning(pod, "FailedScheduling", "0/3 nodes are available: 3 Insufficient cpu.");
            scheduler.normal(pod, "Scheduled", "Successfully assigned default/" + name + " to node-1");
            scheduler.normal(predecessor, "Scheduled", "Successfully assigned default/" + name + " to node-2");
            long deadline = System.currentTimeMillis() + 10_000;
            while (broadcaster.sent() < 4 && System.currentTimeMillis() < deadline) {
                Thread.sleep(20);
            }
            assertEquals(4, broadcaster.sent(), "every event was accepted (dropped " + broadcaster.dropped() + ")");
        }

        JsonPath events = RestAssured.given().header("Authorization", "Bearer test-admin-token")
                .queryParam("fieldSelector", "involvedObject.name=" + name + ",involvedObject.namespace=default,"
                        + "involvedObject.uid=" + pod.getMetadata().getUid())
                .get("/api/v1/namespaces/default/events").then().statusCode(200).extract().jsonPath();

        List<Map<String, Object>> items = events.getList("items");
        assertEquals(2, items.size(), items.toString());
        Map<String, Object> failed = items.stream().filter(e -> e.get("reason").equals("FailedScheduling"))
                .findFirst().orElseThrow();
        assertEquals(2, failed.get("count"));
        assertEquals("Warning", failed.get("type"));
        assertEquals(Map.of("component", "default-scheduler"), failed.get("source"));
        Map<String, Object> scheduled = items.stream().filter(e -> e.get("reason").equals("Scheduled"))
                .findFirst().orElseThrow();
        assertEquals("Successfully assigned default/" + name + " to node-1", scheduled.get("message"));
        assertTrue(((Map<?, ?>) scheduled.get("metadata")).get("name").toString().startsWith(name + "."));
    }
}
