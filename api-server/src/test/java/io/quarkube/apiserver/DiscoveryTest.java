package io.quarkube.apiserver;

import io.quarkube.infra.QuarkubeTestInfra;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

/** Discovery as kubectl 1.32 and fabric8 8.0 request it (K8S-API-CONTRACT.md §1). */
@QuarkusTest
@WithTestResource(value = QuarkubeTestInfra.class, scope = TestResourceScope.GLOBAL)
class DiscoveryTest {
    /** Exactly what kubectl 1.32 sends to /api and /apis. */
    static final String KUBECTL_ACCEPT = "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,"
            + "application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList,application/json";
    static final String AGGREGATED_V2 = "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList";
    static final List<String> ALL_VERBS =
            List.of("create", "delete", "deletecollection", "get", "list", "patch", "update", "watch");

    static RequestSpecification api() {
        return RestAssured.given().header("Authorization", "Bearer test-admin-token");
    }

    @Test
    void legacyApiVersionsWithoutAcceptHeader() {
        // fabric8 sends no Accept header at all.
        api().get("/api").then().statusCode(200).contentType(equalTo("application/json"))
                .body("kind", equalTo("APIVersions"))
                .body("versions", contains("v1"))
                .body("serverAddressByClientCIDRs[0].clientCIDR", equalTo("0.0.0.0/0"));
    }

    @Test
    void legacyGroupListForPlainJson() {
        JsonPath groups = api().accept("application/json, */*").get("/apis").then().statusCode(200)
                .contentType(equalTo("application/json"))
                .body("kind", equalTo("APIGroupList")).body("apiVersion", equalTo("v1"))
                .extract().jsonPath();
        assertEquals(Map.of("groupVersion", "apps/v1", "version", "v1"),
                groups.getMap("groups.find { it.name == 'apps' }.preferredVersion"));
        assertEquals(List.of("apps/v1"), groups.getList("groups.find { it.name == 'apps' }.versions.groupVersion"));
        assertEquals(List.of("batch/v1"), groups.getList("groups.find { it.name == 'batch' }.versions.groupVersion"));
        assertFalse(groups.getList("groups.name").contains(""), "the core group is served at /api, not /apis");
    }

    @Test
    void aggregatedDiscoveryWhenKubectlAsksForIt() {
        Response apis = api().accept(KUBECTL_ACCEPT).get("/apis");
        apis.then().statusCode(200).header("Content-Type", equalTo(AGGREGATED_V2))
                .body("kind", equalTo("APIGroupDiscoveryList"))
                .body("apiVersion", equalTo("apidiscovery.k8s.io/v2"));
        JsonPath json = apis.jsonPath();
        String deployments = "items.find { it.metadata.name == 'apps' }.versions[0].resources"
                + ".find { it.resource == 'deployments' }";
        assertEquals(Map.of("group", "apps", "version", "v1", "kind", "Deployment"),
                json.getMap(deployments + ".responseKind"));
        assertEquals("Namespaced", json.getString(deployments + ".scope"));
        assertEquals(List.of("deploy"), json.getList(deployments + ".shortNames"));
        assertEquals(List.of("all"), json.getList(deployments + ".categories"));
        assertEquals(ALL_VERBS, json.getList(deployments + ".verbs"));
        assertEquals(Map.of("group", "autoscaling", "version", "v1", "kind", "Scale"),
                json.getMap(deployments + ".subresources.find { it.subresource == 'scale' }.responseKind"));
        assertEquals("Current", json.getString("items.find { it.metadata.name == 'apps' }.versions[0].freshness"));

        Response core = api().accept(KUBECTL_ACCEPT).get("/api");
        core.then().statusCode(200).header("Content-Type", equalTo(AGGREGATED_V2))
                .body("items", hasSize(1))
                .body("items[0].metadata.name", nullValue());
        String pods = "items[0].versions[0].resources.find { it.resource == 'pods' }";
        assertEquals("po", core.jsonPath().getString(pods + ".shortNames[0]"));
        assertEquals(List.of("get", "patch", "update"),
                core.jsonPath().getList(pods + ".subresources.find { it.subresource == 'status' }.verbs"));
        assertEquals(List.of("create"), core.jsonPath().getList("items[0].versions[0].resources"
                + ".find { it.resource == 'bindings' }.verbs"));
    }

    @Test
    void v2beta1WhenOnlyThatIsAsked() {
        api().accept("application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList").get("/apis")
                .then().statusCode(200)
                .header("Content-Type", equalTo("application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList"))
                .body("apiVersion", equalTo("apidiscovery.k8s.io/v2beta1"));
    }

    @Test
    void onlyUnservableTypesStillGetJsonNotA406() {
        api().accept("application/vnd.kubernetes.protobuf").get("/apis").then().statusCode(200)
                .contentType(startsWith("application/json")).body("kind", equalTo("APIGroupList"));
        api().accept("application/vnd.kubernetes.protobuf").get("/api/v1").then().statusCode(200)
                .contentType(startsWith("application/json")).body("kind", equalTo("APIResourceList"));
    }

    @Test
    void coreResourceListHasEverySubresourceAsItsOwnEntry() {
        JsonPath v1 = api().accept("application/json, */*").get("/api/v1?timeout=32s").then().statusCode(200)
                .contentType(equalTo("application/json"))
                .body("kind", equalTo("APIResourceList")).body("groupVersion", equalTo("v1"))
                .extract().jsonPath();
        Map<String, Object> pods = v1.getMap("resources.find { it.name == 'pods' }");
        assertEquals("pod", pods.get("singularName"));
        assertEquals(true, pods.get("namespaced"));
        assertEquals("Pod", pods.get("kind"));
        assertEquals(ALL_VERBS, pods.get("verbs"));
        assertEquals(List.of("po"), pods.get("shortNames"));
        assertEquals(List.of("all"), pods.get("categories"));

        assertEquals(Map.of("name", "pods/status", "singularName", "", "namespaced", true, "kind", "Pod",
                "verbs", List.of("get", "patch", "update")), v1.getMap("resources.find { it.name == 'pods/status' }"));
        assertEquals(List.of("get"), v1.getList("resources.find { it.name == 'pods/log' }.verbs"));
        assertEquals("Binding", v1.getString("resources.find { it.name == 'pods/binding' }.kind"));
        assertEquals(List.of("create"), v1.getList("resources.find { it.name == 'pods/binding' }.verbs"));
        Map<String, Object> eviction = v1.getMap("resources.find { it.name == 'pods/eviction' }");
        assertEquals(List.of("policy", "v1", "Eviction"),
                List.of(eviction.get("group"), eviction.get("version"), eviction.get("kind")));
        assertEquals(List.of("create"), v1.getList("resources.find { it.name == 'bindings' }.verbs"));
        assertEquals(List.of("create", "delete", "get", "list", "patch", "update", "watch"),
                v1.getList("resources.find { it.name == 'namespaces' }.verbs"));
        assertEquals(false, v1.getBoolean("resources.find { it.name == 'nodes' }.namespaced"));
        List<String> names = v1.getList("resources.name");
        assertEquals(names.stream().sorted().toList(), names, "resources are listed in name order, as upstream");
    }

    @Test
    void appsResourceListCarriesTheAutoscalingScale() {
        // fabric8 sends no Accept header; the JSON must come anyway.
        JsonPath apps = api().get("/apis/apps/v1").then().statusCode(200)
                .body("groupVersion", equalTo("apps/v1")).extract().jsonPath();
        Map<String, Object> scale = apps.getMap("resources.find { it.name == 'deployments/scale' }");
        assertEquals("autoscaling", scale.get("group"));
        assertEquals("v1", scale.get("version"));
        assertEquals("Scale", scale.get("kind"));
        assertEquals(List.of("get", "patch", "update"), scale.get("verbs"));
        assertEquals(List.of("deploy"), apps.getList("resources.find { it.name == 'deployments' }.shortNames"));
        assertNull(apps.get("resources.find { it.name == 'deployments/status' }.group"),
                "a subresource in its parent's group names none");
        assertFalse(apps.getList("resources.name").contains("daemonsets/scale"), "daemonsets have no scale");
    }

    @Test
    void groupAndUnknownPaths() {
        api().get("/apis/batch").then().statusCode(200).body("kind", equalTo("APIGroup"))
                .body("name", equalTo("batch")).body("preferredVersion.groupVersion", equalTo("batch/v1"));
        api().get("/apis/nosuch.example.com").then().statusCode(404).body("kind", equalTo("Status"))
                .body("reason", equalTo("NotFound"));
        api().get("/apis/apps/v9").then().statusCode(404).body("kind", equalTo("Status"));
        api().get("/api/v2").then().statusCode(404).body("kind", equalTo("Status"));
        // the resource routes under the same prefixes still work
        api().get("/apis/apps/v1/namespaces/default/deployments").then().statusCode(200)
                .body("kind", equalTo("DeploymentList"));
        api().get("/api/v1/namespaces").then().statusCode(200).body("kind", equalTo("NamespaceList"))
                .body("items.metadata.name", hasItem("default"));
    }

    @Test
    void discoveryNeedsAToken() {
        RestAssured.given().get("/apis").then().statusCode(401).body("kind", equalTo("Status"))
                .body("reason", equalTo("Unauthorized"));
    }
}
