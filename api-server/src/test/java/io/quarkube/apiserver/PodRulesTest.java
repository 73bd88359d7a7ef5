package io.quarkube.apiserver;

import io.quarkube.infra.QuarkubeTestInfra;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;

import static io.quarkube.apiserver.ApiServerTest.api;
import static io.quarkube.apiserver.ApiServerTest.pod;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.startsWith;

/**
 * One test per Pod rule of the reference notes and per validation rule: each violation is a 422 Invalid whose
 * cause names the offending field; each allowed change goes through.
 */
@QuarkusTest
@WithTestResource(value = QuarkubeTestInfra.class, scope = TestResourceScope.GLOBAL)
@SuppressWarnings("unchecked")
class PodRulesTest {
    private static final String PODS = "/api/v1/namespaces/default/pods";

    private static String fresh() {
        String name = "r-" + UUID.randomUUID().toString().substring(0, 8);
        api().body(pod(name)).post(PODS).then().statusCode(201);
        return name;
    }

    /** PUTs the pod after {@code change}; returns the response's status code. */
    private static io.restassured.response.ValidatableResponse update(String name, Consumer<Map<String, Object>> change) {
        Map<String, Object> pod = api().get(PODS + "/" + name).then().extract().as(Map.class);
        change.accept(pod);
        return api().body(pod).put(PODS + "/" + name).then();
    }

    private static Map<String, Object> meta(Map<String, Object> pod) {
        return (Map<String, Object>) pod.get("metadata");
    }

    private static Map<String, Object> spec(Map<String, Object> pod) {
        return (Map<String, Object>) pod.get("spec");
    }

    private static void invalidCreate(String body, String field) {
        api().body(body).post(PODS).then().statusCode(422).body("reason", equalTo("Invalid"))
                .body("details.causes.field", hasItem(field));
    }

    private static String withContainer(String container) {
        return "{\"metadata\":{\"name\":\"v-" + UUID.randomUUID().toString().substring(0, 8) + "\"},"
                + "\"spec\":{\"containers\":[" + container + "]}}";
    }

    // ---- update rules (the reference notes) ----

    @Test
    void uidAndCreationTimestampAreImmutable() {
        String name = fresh();
        update(name, p -> meta(p).put("uid", UUID.randomUUID().toString())).statusCode(422)
                .body("details.causes.field", hasItem("metadata.uid"));
        update(name, p -> meta(p).put("creationTimestamp", "2020-01-01T00:00:00Z")).statusCode(422)
                .body("details.causes.field", hasItem("metadata.creationTimestamp"));
    }

    @Test
    void nameAndNamespaceCannotChangeThroughAnUpdate() {
        String name = fresh();
        update(name, p -> meta(p).put("name", "other")).statusCode(400);
        update(name, p -> meta(p).put("namespace", "kube-system")).statusCode(400);
    }

    @Test
    void generationMayOnlyIncrease() {
        String name = fresh();
        update(name, p -> meta(p).put("generation", 5)).statusCode(200);
        update(name, p -> meta(p).put("generation", 0)).statusCode(422)
                .body("details.causes.field", hasItem("metadata.generation"));
    }

    @Test
    void onlyImagesDeadlineAndTolerationsOfTheSpecMayChange() {
        String name = fresh();
        update(name, p -> spec(p).put("restartPolicy", "Never")).statusCode(422)
                .body("details.causes.field", hasItem("spec"));
        update(name, p -> ((List<Map<String, Object>>) spec(p).get("containers")).get(0).put("image", "nginx:1.28"))
                .statusCode(200).body("spec.containers[0].image", equalTo("nginx:1.28"));
    }

    @Test
    void tolerationsMayOnlyBeAdded() {
        String name = fresh();
        update(name, p -> {
            List<Object> tolerations = new ArrayList<>((List<Object>) spec(p).get("tolerations"));
            tolerations.add(Map.of("key", "example.com/gpu", "operator", "Exists", "effect", "NoSchedule"));
            spec(p).put("tolerations", tolerations);
        }).statusCode(200);
        update(name, p -> spec(p).put("tolerations", List.of())).statusCode(422)
                .body("details.causes.field", hasItem("spec.tolerations"));
    }

    @Test
    void activeDeadlineSecondsMaySetPositiveOrLowerButNotRaiseOrUnset() {
        String name = fresh();
        update(name, p -> spec(p).put("activeDeadlineSeconds", 0)).statusCode(422)
                .body("details.causes.field", hasItem("spec.activeDeadlineSeconds"));
        update(name, p -> spec(p).put("activeDeadlineSeconds", 100)).statusCode(200);
        update(name, p -> spec(p).put("activeDeadlineSeconds", 200)).statusCode(422)
                .body("details.causes.field", hasItem("spec.activeDeadlineSeconds"));
        update(name, p -> spec(p).remove("activeDeadlineSeconds")).statusCode(422)
                .body("details.causes.field", hasItem("spec.activeDeadlineSeconds"));
        update(name, p -> spec(p).put("activeDeadlineSeconds", 50)).statusCode(200)
                .body("spec.activeDeadlineSeconds", equalTo(50));
    }

    @Test
    void nodeNameIsSetOnlyThroughABinding() {
        String name = fresh();
        update(name, p -> spec(p).put("nodeName", "sneaky")).statusCode(422)
                .body("details.causes.field", hasItem("spec.nodeName"));
    }

    @Test
    void theMirrorPodAnnotationCannotBeAddedChangedOrRemovedButAMirrorCanBeCreatedAndLabelled() {
        String name = fresh();
        update(name, p -> annotations(p).put("kubernetes.io/config.mirror", "abc")).statusCode(422)
                .body("details.causes.field", hasItem("metadata.annotations[kubernetes.io/config.mirror]"));

        String mirror = "m-" + UUID.randomUUID().toString().substring(0, 8);
        api().body(pod(mirror).replace("\"labels\"", "\"annotations\":{\"kubernetes.io/config.mirror\":\"abc\"},"
                + "\"labels\"")).post(PODS).then().statusCode(201);
        update(mirror, p -> annotations(p).put("kubernetes.io/config.mirror", "def")).statusCode(422)
                .body("details.causes.field", hasItem("metadata.annotations[kubernetes.io/config.mirror]"));
        update(mirror, p -> annotations(p).remove("kubernetes.io/config.mirror")).statusCode(422);
        update(mirror, p -> annotations(p).put("note", "allowed")).statusCode(200);
    }

    private static Map<String, Object> annotations(Map<String, Object> pod) {
        return (Map<String, Object>) meta(pod).computeIfAbsent("annotations", k -> new java.util.HashMap<>());
    }

    // ---- validation rules ----

    @Test
    void objectNamesAreSubdomainsOfAtMost253Characters() {
        invalidCreate(pod("a".repeat(254)), "metadata.name");
        invalidCreate(pod("UPPER"), "metadata.name");
    }

    @Test
    void namespaceNamesAreLabels() {
        api().body("{\"metadata\":{\"name\":\"has.dot\"}}").post("/api/v1/namespaces").then().statusCode(422)
                .body("details.causes.field", hasItem("metadata.name"));
    }

    @Test
    void generateNameGivesAUniqueName() {
        api().body(pod("x").replace("\"name\":\"x\"", "\"generateName\":\"gen-\"")).post(PODS).then()
                .statusCode(201).body("metadata.name", startsWith("gen-"));
    }

    @Test
    void labelKeysValuesAndAnnotationSizeAreChecked() {
        invalidCreate(pod("l1").replace("\"app\":\"web\"", "\"bad key!\":\"web\""), "metadata.labels");
        invalidCreate(pod("l2").replace("\"app\":\"web\"", "\"app\":\"" + "v".repeat(64) + "\""), "metadata.labels");
        invalidCreate(pod("l3").replace("\"labels\"", "\"annotations\":{\"big\":\"" + "x".repeat(300 * 1024)
                + "\"},\"labels\""), "metadata.annotations");
    }

    @Test
    void containerNamesAreLabelsAndUnique() {
        invalidCreate(withContainer("{\"name\":\"Bad_C\",\"image\":\"x\"}"), "spec.containers[0].name");
        invalidCreate(withContainer("{\"name\":\"c\",\"image\":\"x\"},{\"name\":\"c\",\"image\":\"y\"}"),
                "spec.containers[1].name");
    }

    @Test
    void portsAreInRangeWithUniqueNames() {
        invalidCreate(withContainer("{\"name\":\"c\",\"image\":\"x\",\"ports\":[{\"containerPort\":70000}]}"),
                "spec.containers[0].ports[0].containerPort");
        invalidCreate(withContainer("{\"name\":\"c\",\"image\":\"x\",\"ports\":[{\"name\":\"http\",\"containerPort\":80},"
                + "{\"name\":\"http\",\"containerPort\":81}]}"), "spec.containers[0].ports[1].name");
    }

    @Test
    void quantitiesParseAndLimitsAreAtLeastRequests() {
        invalidCreate(withContainer("{\"name\":\"c\",\"image\":\"x\",\"resources\":{\"requests\":{\"cpu\":\"lots\"}}}"),
                "spec.containers[0].resources.requests[cpu]");
        invalidCreate(withContainer("{\"name\":\"c\",\"image\":\"x\",\"resources\":{\"requests\":{\"memory\":\"256Mi\"},"
                + "\"limits\":{\"memory\":\"128Mi\"}}}"), "spec.containers[0].resources.requests[memory]");
    }

    @Test
    void probesNeedExactlyOneHandlerAndPositiveTimings() {
        invalidCreate(withContainer("{\"name\":\"c\",\"image\":\"x\",\"livenessProbe\":{\"periodSeconds\":5}}"),
                "spec.containers[0].livenessProbe");
        invalidCreate(withContainer("{\"name\":\"c\",\"image\":\"x\",\"readinessProbe\":{\"tcpSocket\":{\"port\":80},"
                + "\"periodSeconds\":0}}"), "spec.containers[0].readinessProbe.periodSeconds");
    }

    @Test
    void privilegedSecurityContextIsAcceptedAndStored() {
        String name = "priv-" + UUID.randomUUID().toString().substring(0, 8);
        api().body("{\"metadata\":{\"name\":\"" + name + "\"},\"spec\":{\"containers\":[{\"name\":\"c\",\"image\":\"x\","
                + "\"securityContext\":{\"privileged\":true}}]}}").post(PODS).then().statusCode(201);
        api().get(PODS + "/" + name).then().body("spec.containers[0].securityContext.privileged", equalTo(true));
    }
}
