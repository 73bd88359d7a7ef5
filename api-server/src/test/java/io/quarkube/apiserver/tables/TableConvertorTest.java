package io.quarkube.apiserver.tables;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Pod;
import io.quarkube.api.Resources;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The Table documents: list, single object and watch rows, with each includeObject mode. */
class TableConvertorTest {
    private final TableConvertor tables = new TableConvertor(
            Clock.fixed(Instant.parse("2024-05-01T12:00:00Z"), ZoneOffset.UTC));

    private static Pod pod(String name, String rv) {
        Pod pod = PodPrinterTest.pod(1, "", "{\"phase\":\"Pending\"}");
        pod.getMetadata().setName(name);
        pod.getMetadata().setResourceVersion(rv);
        pod.getMetadata().setLabels(java.util.Map.of("app", "web"));
        return pod;
    }

    @Test
    void listTableCarriesColumnsRowsAndTheListResourceVersion() {
        ObjectNode table = tables.list(Resources.PODS, List.of(pod("a", "5"), pod("b", "6")), "42", null,
                TableFormat.v1(false));
        assertEquals("Table", table.get("kind").asText());
        assertEquals("meta.k8s.io/v1", table.get("apiVersion").asText());
        assertEquals("42", table.at("/metadata/resourceVersion").asText());
        assertFalse(table.get("metadata").has("continue"));
        List<String> names = new ArrayList<>();
        table.get("columnDefinitions").forEach(c -> names.add(c.get("name").asText()));
        assertEquals(List.of("Name", "Ready", "Status", "Restarts", "Age", "IP", "Node", "Nominated Node",
                "Readiness Gates"), names);
        JsonNode ip = table.get("columnDefinitions").get(5);
        assertEquals(1, ip.get("priority").asInt());
        assertEquals("", ip.get("format").asText());
        assertTrue(ip.has("description"));
        JsonNode row = table.get("rows").get(1);
        assertEquals("[\"b\",\"0/1\",\"Pending\",\"0\",\"5m\",\"<none>\",\"<none>\",\"<none>\",\"<none>\"]",
                row.get("cells").toString());
        assertEquals("PartialObjectMetadata", row.at("/object/kind").asText());
        assertEquals("meta.k8s.io/v1", row.at("/object/apiVersion").asText());
        assertEquals("default", row.at("/object/metadata/namespace").asText());
        assertEquals("web", row.at("/object/metadata/labels/app").asText());
        assertFalse(row.get("object").has("spec"));
    }

    @Test
    void continueTokenIsPassedThroughAndEmptyListsKeepTheirColumns() {
        ObjectNode table = tables.list(Resources.DEPLOYMENTS, List.of(), "7", "token-1", TableFormat.v1(false));
        assertEquals("token-1", table.at("/metadata/continue").asText());
        assertEquals(0, table.get("rows").size());
        assertEquals("Up-to-date", table.at("/columnDefinitions/2/name").asText());
    }

    @Test
    void integerCellsAreJsonNumbers() {
        ObjectNode table = tables.list(Resources.REPLICASETS, List.of(WorkloadPrintersTest.read("""
                {"metadata":{"name":"rs","creationTimestamp":"2024-05-01T11:00:00Z"},"spec":{"replicas":2},
                 "status":{"replicas":2,"readyReplicas":1}}""", io.fabric8.kubernetes.api.model.apps.ReplicaSet.class)),
                "1", null, TableFormat.v1(false));
        assertTrue(table.at("/rows/0/cells/1").isNumber());
        assertEquals(1, table.at("/rows/0/cells/3").asInt());
    }

    @Test
    void includeObjectSelectsTheFullObjectOrNothing() {
        ObjectNode full = tables.object(pod("a", "9"), new TableFormat(TableFormat.V1, IncludeObject.OBJECT));
        assertEquals("Pod", full.at("/rows/0/object/kind").asText());
        assertEquals("v1", full.at("/rows/0/object/apiVersion").asText());
        assertEquals("busybox", full.at("/rows/0/object/spec/containers/0/image").asText());
        assertEquals("9", full.at("/metadata/resourceVersion").asText());

        ObjectNode none = tables.object(pod("a", "9"), new TableFormat(TableFormat.V1BETA1, IncludeObject.NONE));
        assertEquals("meta.k8s.io/v1beta1", none.get("apiVersion").asText());
        assertTrue(none.at("/rows/0/object").isNull());
    }

    @Test
    void watchRowsCarryColumnsOnlyWhenAsked() {
        ObjectNode first = tables.row(pod("a", "10"), true, false);
        ObjectNode next = tables.row(pod("a", "11"), false, false);
        assertEquals(9, first.get("columnDefinitions").size());
        assertFalse(next.has("columnDefinitions"));
        assertEquals(1, next.get("rows").size());
        assertEquals("11", next.at("/metadata/resourceVersion").asText());
        assertEquals("a", next.at("/rows/0/cells/0").asText());
        assertEquals("PartialObjectMetadata", next.at("/rows/0/object/kind").asText());
        assertEquals("Pod", tables.row(pod("a", "11"), false, true).at("/rows/0/object/kind").asText());
    }

    @Test
    void succeededPodRowsCarryTheCompletedCondition() {
        Pod done = PodPrinterTest.pod(1, "", "{\"phase\":\"Succeeded\"}");
        JsonNode row = tables.object(done, TableFormat.v1(false)).at("/rows/0");
        assertEquals("Completed", row.at("/conditions/0/type").asText());
        assertFalse(tables.object(pod("a", "1"), TableFormat.v1(false)).at("/rows/0").has("conditions"));
    }

    @Test
    void unknownKindsGetTheDefaultTable() {
        ConfigMap cm = WorkloadPrintersTest.read("""
                {"metadata":{"name":"cfg","creationTimestamp":"2024-05-01T10:00:00Z","resourceVersion":"3"}}""",
                ConfigMap.class);
        ObjectNode table = tables.object(cm, TableFormat.v1(false));
        assertEquals("Created At", table.at("/columnDefinitions/1/name").asText());
        assertEquals("[\"cfg\",\"2024-05-01T10:00:00Z\"]", table.at("/rows/0/cells").toString());
    }
}
