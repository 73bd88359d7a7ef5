package io.quarkube.apiserver;

import io.quarkube.infra.QuarkubeTestInfra;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.UUID;

import static io.quarkube.apiserver.ApiServerTest.api;
import static io.quarkube.apiserver.ApiServerTest.pod;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** kubectl get's server-side Tables (K8S-API-CONTRACT.md §3), served from real storage. */
@QuarkusTest
@WithTestResource(value = QuarkubeTestInfra.class, scope = TestResourceScope.GLOBAL)
class TablesTest {
    private static final String PODS = "/api/v1/namespaces/default/pods";
    /** Exactly what kubectl 1.32 get sends. */
    private static final String KUBECTL_ACCEPT = "application/json;as=Table;v=v1;g=meta.k8s.io,"
            + "application/json;as=Table;v=v1beta1;g=meta.k8s.io,application/json";

    private static String createPod() {
        String name = "t-" + UUID.randomUUID().toString().substring(0, 8);
        api().body(pod(name)).post(PODS).then().statusCode(201);
        return name;
    }

    @Test
    void kubectlGetPodsReceivesATableWithUpstreamColumns() {
        String name = createPod();
        JsonPath table = api().header("Accept", KUBECTL_ACCEPT).queryParam("limit", 500).get(PODS).then()
                .statusCode(200).contentType(startsWith("application/json"))
                .body("kind", equalTo("Table")).body("apiVersion", equalTo("meta.k8s.io/v1"))
                .extract().jsonPath();
        assertEquals(List.of("Name", "Ready", "Status", "Restarts", "Age", "IP", "Node", "Nominated Node",
                "Readiness Gates"), table.getList("columnDefinitions.name"));
        assertEquals(List.of(0, 0, 0, 0, 0, 1, 1, 1, 1), table.getList("columnDefinitions.priority"));
        assertTrue(Long.parseLong(table.getString("metadata.resourceVersion")) > 0);

        List<List<Object>> cells = table.getList("rows.cells");
        List<Object> row = cells.stream().filter(c -> c.get(0).equals(name)).findFirst().orElseThrow();
        assertEquals(List.of(name, "0/1", "Pending", "0"), row.subList(0, 4));
        assertTrue(List.of("0s", "1s", "2s", "3s", "4s", "5s").contains(row.get(4)), "age of a new pod: " + row.get(4));
        assertEquals(9, row.size());
        assertEquals(List.of("PartialObjectMetadata"), table.getList("rows.object.kind").stream().distinct().toList());
        assertEquals(List.of("default"), table.getList("rows.object.metadata.namespace").stream().distinct().toList());
        assertTrue(table.getList("rows.object.metadata.name").contains(name));
    }

    @Test
    void plainAcceptStillReturnsThePodList() {
        String name = createPod();
        api().header("Accept", "application/json").get(PODS).then().statusCode(200)
                .body("kind", equalTo("PodList")).body("items.metadata.name", hasItem(name));
        api().get(PODS).then().statusCode(200).body("kind", equalTo("PodList"));
    }

    @Test
    void getOfOnePodWithTheTableAcceptIsAOneRowTable() {
        String name = createPod();
        JsonPath table = api().header("Accept", KUBECTL_ACCEPT).get(PODS + "/" + name).then().statusCode(200)
                .body("kind", equalTo("Table")).extract().jsonPath();
        assertEquals(1, table.getList("rows").size());
        assertEquals(name, table.getString("rows[0].cells[0]"));
        assertEquals(9, table.getList("columnDefinitions").size());
        assertEquals(api().get(PODS + "/" + name).then().extract().path("metadata.resourceVersion"),
                table.getString("metadata.resourceVersion"));
        assertEquals("PartialObjectMetadata", table.getString("rows[0].object.kind"));
        api().get(PODS + "/" + name).then().statusCode(200).body("kind", equalTo("Pod"));
    }

    @Test
    void includeObjectObjectPutsTheWholePodInTheRow() {
        String name = createPod();
        JsonPath table = api().header("Accept", KUBECTL_ACCEPT).queryParam("includeObject", "Object")
                .get(PODS + "/" + name).then().statusCode(200).extract().jsonPath();
        assertEquals("Pod", table.getString("rows[0].object.kind"));
        assertEquals("nginx:1.27", table.getString("rows[0].object.spec.containers[0].image"));
        api().header("Accept", KUBECTL_ACCEPT).queryParam("includeObject", "All").get(PODS).then()
                .statusCode(400).body("kind", equalTo("Status")).body("reason", equalTo("BadRequest"));
    }

    @Test
    void clusterScopedAndGroupKindsGetTheirOwnColumns() {
        JsonPath namespaces = api().header("Accept", KUBECTL_ACCEPT).get("/api/v1/namespaces").then().statusCode(200)
                .extract().jsonPath();
        assertEquals(List.of("Name", "Status", "Age"), namespaces.getList("columnDefinitions.name"));
        List<List<Object>> rows = namespaces.getList("rows.cells");
        assertTrue(rows.stream().anyMatch(r -> r.equals(List.of("default", "Active", r.get(2)))),
                "default namespace row: " + rows);
        assertFalse(namespaces.getList("rows.object.metadata.name").isEmpty());

        api().header("Accept", KUBECTL_ACCEPT).get("/apis/apps/v1/namespaces/default/deployments").then()
                .statusCode(200).body("columnDefinitions.name",
                        equalTo(List.of("Name", "Ready", "Up-to-date", "Available", "Age", "Containers", "Images",
                                "Selector")));
    }
}
