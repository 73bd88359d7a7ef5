package io.quarkube.apiserver;

import io.quarkube.infra.QuarkubeTestInfra;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.quarkube.apiserver.ApiServerTest.api;
import static io.quarkube.apiserver.ApiServerTest.pod;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;

/** DELETE as Kubernetes does it: graceful pods, finalizers, propagation policies, namespaces, collections. */
@QuarkusTest
@WithTestResource(value = QuarkubeTestInfra.class, scope = TestResourceScope.GLOBAL)
class DeletionTest {

    private static String namespace() {
        String ns = "d-" + UUID.randomUUID().toString().substring(0, 8);
        api().body("{\"metadata\":{\"name\":\"" + ns + "\"}}").post("/api/v1/namespaces").then().statusCode(201);
        return ns;
    }

    private static void bind(String pods, String name) {
        api().body("{\"metadata\":{\"name\":\"" + name + "\"},\"target\":{\"kind\":\"Node\",\"name\":\"n1\"}}")
                .post(pods + "/" + name + "/binding").then().statusCode(201);
    }

    @Test
    void aRunningPodIsTerminatingUntilItsKubeletConfirms() {
        String pods = "/api/v1/namespaces/" + namespace() + "/pods";
        api().body(pod("graceful")).post(pods).then().statusCode(201);
        bind(pods, "graceful");
        api().body("{\"propagationPolicy\":\"Background\"}").delete(pods + "/graceful").then().statusCode(200)
                .body("metadata.deletionTimestamp", notNullValue())
                .body("metadata.deletionGracePeriodSeconds", equalTo(30));
        api().get(pods + "/graceful").then().statusCode(200);
        String uid = api().get(pods + "/graceful").then().extract().path("metadata.uid");
        api().body("{\"gracePeriodSeconds\":0,\"preconditions\":{\"uid\":\"" + uid + "\"}}")
                .delete(pods + "/graceful").then().statusCode(200);
        api().get(pods + "/graceful").then().statusCode(404);
    }

    @Test
    void unscheduledPodsAndForcedDeletesGoAtOnce() {
        String pods = "/api/v1/namespaces/" + namespace() + "/pods";
        api().body(pod("pending")).post(pods).then().statusCode(201);
        api().delete(pods + "/pending").then().statusCode(200);
        api().get(pods + "/pending").then().statusCode(404);

        api().body(pod("forced")).post(pods).then().statusCode(201);
        bind(pods, "forced");
        api().body("{\"gracePeriodSeconds\":0,\"propagationPolicy\":\"Foreground\"}").delete(pods + "/forced")
                .then().statusCode(200).body("metadata.finalizers", hasItem("foregroundDeletion"));
        // foreground deletion waits for the garbage collector to remove its finalizer
        Map<String, Object> held = api().get(pods + "/forced").then().statusCode(200).extract().as(Map.class);
        ((Map<String, Object>) held.get("metadata")).put("finalizers", List.of());
        api().body(held).put(pods + "/forced").then().statusCode(200);
        api().get(pods + "/forced").then().statusCode(404);
    }

    @Test
    void finalizersHoldAnObjectAndNoNewOnesMayBeAdded() {
        String pods = "/api/v1/namespaces/" + namespace() + "/pods";
        api().body(pod("held").replace("\"labels\"", "\"finalizers\":[\"example.com/keep\"],\"labels\"")).post(pods)
                .then().statusCode(201);
        api().delete(pods + "/held").then().statusCode(200).body("metadata.deletionTimestamp", notNullValue());
        Map<String, Object> held = api().get(pods + "/held").then().statusCode(200).extract().as(Map.class);
        ((Map<String, Object>) held.get("metadata")).put("finalizers", List.of("example.com/keep", "example.com/new"));
        api().body(held).put(pods + "/held").then().statusCode(422)
                .body("details.causes.field", hasItem("metadata.finalizers"));
        ((Map<String, Object>) held.get("metadata")).put("finalizers", List.of());
        api().body(held).put(pods + "/held").then().statusCode(200);
        api().get(pods + "/held").then().statusCode(404);
    }

    @Test
    void preconditionsAreChecked() {
        String pods = "/api/v1/namespaces/" + namespace() + "/pods";
        api().body(pod("pre")).post(pods).then().statusCode(201);
        api().body("{\"preconditions\":{\"uid\":\"not-its-uid\"}}").delete(pods + "/pre").then().statusCode(409)
                .body("reason", equalTo("Conflict"));
        api().get(pods + "/pre").then().statusCode(200);
    }

    @Test
    void everyNamespaceGetsTheKubernetesFinalizerWhateverSpecItCameWith() {
        // kubectl create namespace sends "spec":{}; a namespace without the finalizer would vanish at once on
        // delete and leave its content behind
        String a = "f-" + UUID.randomUUID().toString().substring(0, 8);
        api().body("{\"metadata\":{\"name\":\"" + a + "\"},\"spec\":{}}").post("/api/v1/namespaces").then()
                .statusCode(201).body("spec.finalizers", equalTo(List.of("kubernetes")));
        String b = "f-" + UUID.randomUUID().toString().substring(0, 8);
        api().body("{\"metadata\":{\"name\":\"" + b + "\"},\"spec\":{\"finalizers\":[\"example.com/x\"]}}")
                .post("/api/v1/namespaces").then()
                .statusCode(201).body("spec.finalizers", equalTo(List.of("example.com/x", "kubernetes")));
        api().delete("/api/v1/namespaces/" + a).then().statusCode(200).body("status.phase", equalTo("Terminating"));
    }

    @Test
    void aTerminatingNamespaceTakesNoNewContentAndGoesOnceFinalized() {
        String ns = namespace();
        api().delete("/api/v1/namespaces/" + ns).then().statusCode(200).body("status.phase", equalTo("Terminating"));
        api().body(pod("late")).post("/api/v1/namespaces/" + ns + "/pods").then().statusCode(403)
                .body("reason", equalTo("Forbidden"))
                .body("message", equalTo("pods \"late\" is forbidden: unable to create new content in namespace "
                        + ns + " because it is being terminated"))
                .body("details.causes[0].reason", equalTo("NamespaceTerminating"))
                .body("details.causes[0].field", equalTo("metadata.namespace"));
        Map<String, Object> namespace = api().get("/api/v1/namespaces/" + ns).then().statusCode(200)
                .extract().as(Map.class);
        namespace.put("spec", Map.of("finalizers", List.of()));
        api().body(namespace).put("/api/v1/namespaces/" + ns + "/finalize").then().statusCode(200);
        api().get("/api/v1/namespaces/" + ns).then().statusCode(404);
    }

    @Test
    void deleteCollectionDeletesWhatTheSelectorSelects() {
        String pods = "/api/v1/namespaces/" + namespace() + "/pods";
        api().body(pod("one")).post(pods).then().statusCode(201);
        api().body(pod("two").replace("\"tier\":\"front\"", "\"tier\":\"back\"")).post(pods).then().statusCode(201);
        api().queryParam("labelSelector", "tier=front").delete(pods).then().statusCode(200)
                .body("items", hasSize(1)).body("items[0].metadata.name", equalTo("one"));
        api().get(pods).then().body("items.metadata.name", equalTo(List.of("two")));
    }
}
