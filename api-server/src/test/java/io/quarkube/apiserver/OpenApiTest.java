package io.quarkube.apiserver;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkube.api.ResourceType;
import io.quarkube.api.Resources;
import io.quarkube.api.json.Json;
import io.quarkube.infra.QuarkubeTestInfra;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The OpenAPI v3 documents kubectl apply, create -f and explain download (K8S-API-CONTRACT.md §2). */
@QuarkusTest
@WithTestResource(value = QuarkubeTestInfra.class, scope = TestResourceScope.GLOBAL)
class OpenApiTest {
    private static final String SCHEMAS = "#/components/schemas/";

    static RequestSpecification api() {
        return RestAssured.given().header("Authorization", "Bearer test-admin-token");
    }

    static JsonNode read(Response response) {
        try {
            return Json.MAPPER.readTree(response.asByteArray());
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    static JsonNode index() {
        return read(api().accept("application/json, */*").get("/openapi/v3").then().statusCode(200)
                .contentType(equalTo("application/json")).extract().response());
    }

    /** Follows the index the way kubectl does: by serverRelativeURL. */
    static JsonNode document(String gv) {
        String url = index().path("paths").path(gv).path("serverRelativeURL").asText();
        assertTrue(url.startsWith("/openapi/v3/" + gv + "?hash="), url);
        return read(api().accept("application/json").get(url).then().statusCode(200).extract().response());
    }

    @Test
    void indexListsEveryGroupVersionOfTheRegistry() {
        Set<String> expected = new TreeSet<>();
        for (ResourceType<?> type : Resources.ALL) {
            expected.add(type.groupVersionPath().substring(1));
        }
        Set<String> listed = new TreeSet<>();
        index().path("paths").fieldNames().forEachRemaining(listed::add);
        assertEquals(expected, listed);
        assertTrue(listed.containsAll(List.of("api/v1", "apis/apps/v1", "apis/batch/v1")), listed.toString());
    }

    @Test
    void deploymentPatchTellsKubectlToValidateOnTheServer() {
        JsonNode patch = document("apis/apps/v1").path("paths")
                .path("/apis/apps/v1/namespaces/{namespace}/deployments/{name}").path("patch");
        assertEquals(Map.of("group", "apps", "version", "v1", "kind", "Deployment"),
                Json.MAPPER.convertValue(patch.path("x-kubernetes-group-version-kind"), Map.class));
        assertTrue(hasQueryParameter(patch, "fieldValidation"), patch.path("parameters").toString());
        assertTrue(patch.path("requestBody").path("content").has("application/strategic-merge-patch+json"));
        assertTrue(patch.path("requestBody").path("content").has("application/merge-patch+json"));
        assertEquals(SCHEMAS + "io.k8s.api.apps.v1.Deployment", patch.path("responses").path("200")
                .path("content").path("application/json").path("schema").path("$ref").asText());
    }

    @Test
    void everyPatchOperationOfEveryDocumentHasFieldValidation() {
        index().path("paths").fieldNames().forEachRemaining(gv -> {
            JsonNode doc = document(gv);
            int patches = 0;
            for (Iterator<Map.Entry<String, JsonNode>> it = doc.path("paths").fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> path = it.next();
                JsonNode patch = path.getValue().path("patch");
                if (!patch.isMissingNode()) {
                    patches++;
                    assertTrue(hasQueryParameter(patch, "fieldValidation"), gv + " " + path.getKey());
                    assertTrue(patch.has("x-kubernetes-group-version-kind"), gv + " " + path.getKey());
                }
            }
            assertTrue(patches > 0, gv + " has no PATCH operation");
        });
    }

    @Test
    void podSchemaIsGeneratedFromTheModel() {
        JsonNode schemas = document("api/v1").path("components").path("schemas");
        JsonNode pod = schemas.path("io.k8s.api.core.v1.Pod");
        assertEquals("[{\"group\":\"\",\"kind\":\"Pod\",\"version\":\"v1\"}]",
                pod.path("x-kubernetes-group-version-kind").toString());
        assertEquals(SCHEMAS + "io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta",
                pod.path("properties").path("metadata").path("$ref").asText());
        assertEquals(SCHEMAS + "io.k8s.api.core.v1.PodSpec", pod.path("properties").path("spec").path("$ref").asText());

        JsonNode containers = schemas.path("io.k8s.api.core.v1.PodSpec").path("properties").path("containers");
        assertEquals("array", containers.path("type").asText());
        assertEquals(SCHEMAS + "io.k8s.api.core.v1.Container", containers.path("items").path("$ref").asText());
        assertEquals("name", containers.path("x-kubernetes-patch-merge-key").asText());
        assertEquals("merge", containers.path("x-kubernetes-patch-strategy").asText());

        JsonNode container = schemas.path("io.k8s.api.core.v1.Container").path("properties");
        assertEquals("string", container.path("image").path("type").asText());
        assertEquals("array", container.path("command").path("type").asText());
        assertEquals("string", container.path("command").path("items").path("type").asText());
        assertEquals("containerPort", container.path("ports").path("x-kubernetes-patch-merge-key").asText());
        JsonNode port = schemas.path("io.k8s.api.core.v1.ContainerPort").path("properties").path("containerPort");
        assertEquals("integer", port.path("type").asText());
        assertEquals("int32", port.path("format").asText());
        assertEquals(SCHEMAS + "io.k8s.apimachinery.pkg.api.resource.Quantity", schemas
                .path("io.k8s.api.core.v1.ResourceRequirements").path("properties").path("limits")
                .path("additionalProperties").path("$ref").asText());
        JsonNode httpPort = schemas.path("io.k8s.api.core.v1.HTTPGetAction").path("properties").path("port");
        assertTrue(schemas.path(httpPort.path("$ref").asText().substring(SCHEMAS.length()))
                .path("x-kubernetes-int-or-string").asBoolean(), httpPort.toString());
        assertEquals("boolean", schemas.path("io.k8s.api.core.v1.PodSpec").path("properties")
                .path("hostNetwork").path("type").asText());
        assertEquals("int64", schemas.path("io.k8s.api.core.v1.PodSpec").path("properties")
                .path("activeDeadlineSeconds").path("format").asText());
    }

    @Test
    void everyReferenceResolvesAndOperationIdsAreUnique() {
        index().path("paths").fieldNames().forEachRemaining(gv -> {
            JsonNode doc = document(gv);
            List<String> refs = new ArrayList<>();
            List<String> ids = new ArrayList<>();
            collect(doc, refs, ids);
            for (String ref : refs) {
                assertTrue(ref.startsWith(SCHEMAS) && doc.path("components").path("schemas")
                        .has(ref.substring(SCHEMAS.length())), gv + ": dangling " + ref);
            }
            assertEquals(ids.size(), new HashSet<>(ids).size(), gv + ": duplicate operationId in " + ids);
        });
    }

    @Test
    void leaseTimesAreDateTimeStrings() {
        JsonNode renewTime = document("apis/coordination.k8s.io/v1").path("components").path("schemas")
                .path("io.k8s.api.coordination.v1.LeaseSpec").path("properties").path("renewTime");
        assertEquals("string", renewTime.path("type").asText(), renewTime.toString());
        assertEquals("date-time", renewTime.path("format").asText());
    }

    @Test
    void scaleSubresourceSpeaksAutoscalingV1() {
        JsonNode doc = document("apis/apps/v1");
        JsonNode put = doc.path("paths").path("/apis/apps/v1/namespaces/{namespace}/deployments/{name}/scale")
                .path("put");
        assertEquals("Scale", put.path("x-kubernetes-group-version-kind").path("kind").asText());
        assertEquals("autoscaling", put.path("x-kubernetes-group-version-kind").path("group").asText());
        JsonNode scale = doc.path("components").path("schemas").path("io.k8s.api.autoscaling.v1.Scale");
        assertEquals("autoscaling", scale.path("x-kubernetes-group-version-kind").path(0).path("group").asText());
    }

    @Test
    void documentsAreCachedByHashAndV2IsNotServed() {
        String url = index().path("paths").path("api/v1").path("serverRelativeURL").asText();
        Response first = api().get(url);
        String etag = first.header("ETag");
        assertTrue(etag != null && etag.contains(url.substring(url.indexOf("hash=") + 5)), etag);
        assertEquals(first.asString(), api().get(url).asString(), "the same bytes every time");
        api().header("If-None-Match", etag).get(url).then().statusCode(304);
        api().get("/openapi/v2").then().statusCode(404).body("kind", equalTo("Status"));
        api().get("/openapi/v3/apis/nosuch/v1").then().statusCode(404).body("kind", equalTo("Status"));
    }

    private static boolean hasQueryParameter(JsonNode operation, String name) {
        for (JsonNode p : operation.path("parameters")) {
            if (name.equals(p.path("name").asText()) && "query".equals(p.path("in").asText())) {
                return true;
            }
        }
        return false;
    }

    private static void collect(JsonNode node, List<String> refs, List<String> ids) {
        if (node.isObject()) {
            node.fields().forEachRemaining(e -> {
                if ("$ref".equals(e.getKey())) {
                    refs.add(e.getValue().asText());
                } else if ("operationId".equals(e.getKey())) {
                    ids.add(e.getValue().asText());
                } else {
                    collect(e.getValue(), refs, ids);
                }
            });
        } else if (node.isArray()) {
            node.forEach(n -> collect(n, refs, ids));
        }
    }
}
