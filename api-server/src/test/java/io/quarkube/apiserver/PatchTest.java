package io.quarkube.apiserver;

import io.quarkube.infra.QuarkubeTestInfra;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

import static io.quarkube.apiserver.ApiServerTest.api;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** PATCH over HTTP as kubectl and fabric8 send it, against the real database. */
@QuarkusTest
@WithTestResource(value = QuarkubeTestInfra.class, scope = TestResourceScope.GLOBAL)
class PatchTest {
    private static final String PODS = "/api/v1/namespaces/default/pods";
    private static final String MERGE = "application/merge-patch+json";
    private static final String STRATEGIC = "application/strategic-merge-patch+json";
    private static final String JSON_PATCH = "application/json-patch+json";
    private static final String APPLY = "application/apply-patch+yaml";

    private static RequestSpecification patch(String contentType, String body) {
        return api().contentType(contentType).body(body.getBytes(StandardCharsets.UTF_8));
    }

    private static String twoContainerPod() {
        String name = "patch-" + UUID.randomUUID().toString().substring(0, 8);
        api().body("""
                {"apiVersion":"v1","kind":"Pod","metadata":{"name":"%s","labels":{"app":"web"}},
                 "spec":{"containers":[{"name":"c","image":"nginx:1.27"},{"name":"d","image":"redis:7.0"}]}}"""
                .formatted(name)).post(PODS).then().statusCode(201);
        return name;
    }

    private static long resourceVersion(String path) {
        return Long.parseLong(api().get(path).then().statusCode(200).extract().path("metadata.resourceVersion"));
    }

    @Test
    void kubectlLabelMergePatchAddsALabelAndBumpsTheResourceVersion() {
        String name = twoContainerPod();
        long before = resourceVersion(PODS + "/" + name);
        String after = patch(MERGE, "{\"metadata\":{\"labels\":{\"env\":\"prod\"}}}")
                .queryParam("fieldManager", "kubectl-label").patch(PODS + "/" + name).then().statusCode(200)
                .body("metadata.labels.env", equalTo("prod"))
                .body("metadata.labels.app", equalTo("web"))
                .extract().path("metadata.resourceVersion");
        assertTrue(Long.parseLong(after) > before, after + " after " + before);
        api().get(PODS + "/" + name).then().body("metadata.labels.env", equalTo("prod"))
                .body("metadata.resourceVersion", equalTo(after));
    }

    @Test
    void setImageStrategicPatchChangesOneContainerAndKeepsTheOther() {
        String name = twoContainerPod();
        patch(STRATEGIC, "{\"spec\":{\"containers\":[{\"name\":\"d\",\"image\":\"redis:7.2\"}]}}")
                .queryParam("fieldManager", "kubectl-set").patch(PODS + "/" + name).then().statusCode(200)
                .body("spec.containers", hasSize(2))
                .body("spec.containers[0].image", equalTo("nginx:1.27"))
                .body("spec.containers[1].image", equalTo("redis:7.2"))
                .body("spec.containers[1].imagePullPolicy", equalTo("IfNotPresent"));
    }

    @Test
    void jsonPatchCarryingAStaleResourceVersionIsAConflict() {
        String name = twoContainerPod();
        long stale = resourceVersion(PODS + "/" + name);
        patch(MERGE, "{\"metadata\":{\"labels\":{\"step\":\"1\"}}}").patch(PODS + "/" + name).then().statusCode(200);
        String edit = """
                [{"op":"add","path":"/metadata/labels/step","value":"2"},
                 {"op":"add","path":"/metadata/resourceVersion","value":"%s"}]""";
        patch(JSON_PATCH, edit.formatted(stale)).patch(PODS + "/" + name).then().statusCode(409)
                .body("reason", equalTo("Conflict"))
                .body("message", equalTo("Operation cannot be fulfilled on pods \"" + name + "\": the object has "
                        + "been modified; please apply your changes to the latest version and try again"));
        long fresh = resourceVersion(PODS + "/" + name);
        patch(JSON_PATCH, edit.formatted(fresh)).patch(PODS + "/" + name).then().statusCode(200)
                .body("metadata.labels.step", equalTo("2"));
        patch(JSON_PATCH, "[{\"op\":\"test\",\"path\":\"/metadata/labels/step\",\"value\":\"1\"}]")
                .patch(PODS + "/" + name).then().statusCode(422).body("reason", equalTo("Invalid"))
                .body("message", equalTo("the server rejected our request due to an error in our request"));
    }

    @Test
    void serverSideApplyCreatesAMissingObjectThenUpdatesIt() {
        String name = "apply-" + UUID.randomUUID().toString().substring(0, 8);
        String deployment = """
                apiVersion: apps/v1
                kind: Deployment
                metadata:
                  name: %s
                  labels: {tier: %s}
                spec:
                  replicas: %d
                  selector:
                    matchLabels: {app: %s}
                  template:
                    metadata:
                      labels: {app: %s}
                    spec:
                      containers:
                      - name: c
                        image: nginx:1.27
                """;
        String path = "/apis/apps/v1/namespaces/default/deployments/" + name;
        String uid = patch(APPLY, deployment.formatted(name, "front", 1, name, name))
                .queryParam("fieldManager", "kubectl").queryParam("fieldValidation", "Strict")
                .queryParam("force", "false").patch(path).then().statusCode(201)
                .body("metadata.uid", notNullValue())
                .body("metadata.generation", equalTo(1))
                .body("spec.strategy.type", equalTo("RollingUpdate"))
                .extract().path("metadata.uid");
        patch(APPLY, deployment.formatted(name, "back", 3, name, name)).queryParam("fieldManager", "kubectl")
                .patch(path).then().statusCode(200)
                .body("metadata.uid", equalTo(uid))
                .body("metadata.labels.tier", equalTo("back"))
                .body("spec.replicas", equalTo(3))
                .body("metadata.generation", equalTo(2));
        patch(APPLY, deployment.formatted(name, "back", 3, name, name)).patch(path).then().statusCode(422)
                .body("message", equalTo("PatchOptions.meta.k8s.io \"\" is invalid: fieldManager: Required value: "
                        + "is required for apply patch"));
    }

    @Test
    void patchingPodStatusChangesOnlyTheStatus() {
        String name = twoContainerPod();
        patch(STRATEGIC, """
                {"status":{"phase":"Running","conditions":[{"type":"Ready","status":"True"}]},
                 "spec":{"containers":[{"name":"c","image":"ignored:by-status"}]},
                 "metadata":{"labels":{"ignored":"by-status"}}}""")
                .patch(PODS + "/" + name + "/status").then().statusCode(200)
                .body("status.phase", equalTo("Running"))
                .body("status.conditions.find { it.type == 'Ready' }.status", equalTo("True"))
                .body("spec.containers[0].image", equalTo("nginx:1.27"))
                .body("metadata.labels.ignored", nullValue());
        patch(MERGE, "{\"status\":{\"phase\":\"Failed\"}}").patch(PODS + "/" + name).then().statusCode(200)
                .body("status.phase", equalTo("Running"));
    }

    @Test
    void aPatchThatMakesThePodInvalidIs422NamingTheField() {
        String name = twoContainerPod();
        patch(STRATEGIC, "{\"spec\":{\"containers\":[{\"name\":\"c\",\"image\":\"\"}]}}")
                .patch(PODS + "/" + name).then().statusCode(422)
                .body("reason", equalTo("Invalid"))
                .body("details.causes.field", hasItem("spec.containers[0].image"));
        patch(MERGE, "{\"spec\":{\"containers\":\"nope\"}}").patch(PODS + "/" + name).then().statusCode(422)
                .body("reason", equalTo("Invalid"))
                .body("details.causes.field", hasItem("patch"));
        api().get(PODS + "/" + name).then().body("spec.containers[0].image", equalTo("nginx:1.27"));
    }

    @Test
    void unknownFieldsAreNeverStoredAndStrictRefusesThem() {
        String name = twoContainerPod();
        String withUnknown = "{\"spec\":{\"foo\":1},\"metadata\":{\"labels\":{\"k\":\"v\"}}}";
        patch(STRATEGIC, withUnknown).queryParam("fieldValidation", "Strict").patch(PODS + "/" + name).then()
                .statusCode(422).body("reason", equalTo("Invalid"))
                .body("details.causes.field", hasItem("patch"))
                .body("message", containsString("unknown field \"spec.foo\""));
        patch(STRATEGIC, withUnknown).patch(PODS + "/" + name).then().statusCode(200)
                .header("Warning", containsString("unknown field \\\"spec.foo\\\""))
                .body("metadata.labels.k", equalTo("v"))
                .body("spec.foo", nullValue());
        api().get(PODS + "/" + name).then().body("spec.foo", nullValue()).body("metadata.labels.k", equalTo("v"));
    }

    @Test
    void unsupportedPatchTypeIs415() {
        String name = twoContainerPod();
        patch("application/json", "{}").patch(PODS + "/" + name).then().statusCode(415)
                .body("kind", equalTo("Status"))
                .body("reason", equalTo("UnsupportedMediaType"))
                .body("message", equalTo("the body of the request was in an unknown format - accepted media types "
                        + "include: application/json-patch+json, application/merge-patch+json, "
                        + "application/strategic-merge-patch+json, application/apply-patch+yaml"));
    }

    @Test
    void dryRunAnswersThePatchedObjectWithoutStoringIt() {
        String name = twoContainerPod();
        long before = resourceVersion(PODS + "/" + name);
        patch(STRATEGIC, "{\"metadata\":{\"labels\":{\"preview\":\"yes\"}}}").queryParam("dryRun", "All")
                .patch(PODS + "/" + name).then().statusCode(200).body("metadata.labels.preview", equalTo("yes"));
        api().get(PODS + "/" + name).then().body("metadata.labels.preview", nullValue());
        assertEquals(before, resourceVersion(PODS + "/" + name));
        String missing = "dry-" + UUID.randomUUID().toString().substring(0, 8);
        patch(APPLY, """
                {"apiVersion":"v1","kind":"Pod","metadata":{"name":"%s"},
                 "spec":{"containers":[{"name":"c","image":"x"}]}}""".formatted(missing))
                .queryParam("fieldManager", "kubectl").queryParam("dryRun", "All")
                .patch(PODS + "/" + missing).then().statusCode(201).body("status.phase", equalTo("Pending"));
        api().get(PODS + "/" + missing).then().statusCode(404);
    }

    @Test
    void clusterScopedObjectsAndMissingObjects() {
        String ns = "patch-ns-" + UUID.randomUUID().toString().substring(0, 8);
        api().body("{\"metadata\":{\"name\":\"" + ns + "\"}}").post("/api/v1/namespaces").then().statusCode(201);
        patch(MERGE, "{\"metadata\":{\"labels\":{\"team\":\"a\"}}}").patch("/api/v1/namespaces/" + ns).then()
                .statusCode(200).body("metadata.labels.team", equalTo("a"));
        patch(MERGE, "{\"metadata\":{\"labels\":{\"x\":\"y\"}}}").patch(PODS + "/no-such-pod").then()
                .statusCode(404).body("message", equalTo("pods \"no-such-pod\" not found"));
        patch(MERGE, "{\"metadata\":{\"name\":\"renamed\"}}").patch("/api/v1/namespaces/" + ns).then()
                .statusCode(400).body("reason", equalTo("BadRequest"));
        patch(MERGE, "{}").patch(PODS + "/x/binding").then().statusCode(405);
    }
}
