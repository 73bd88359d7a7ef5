package io.quarkube.apiserver.tables;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static io.quarkube.apiserver.tables.WorkloadPrintersTest.names;
import static io.quarkube.apiserver.tables.WorkloadPrintersTest.read;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Cells of the Node, Namespace, Event, PersistentVolumeClaim, Lease and default printers. */
class CorePrintersTest {
    private static final Instant NOW = Instant.parse("2024-05-01T12:00:00Z");
    private final CorePrinters.NodePrinter nodes = new CorePrinters.NodePrinter();

    private static Node node(String labels, boolean unschedulable, String conditions) {
        return read("""
                {"metadata":{"name":"n1","creationTimestamp":"2024-05-01T08:00:00Z","labels":%s},
                 "spec":{"unschedulable":%s},
                 "status":{"conditions":%s,"addresses":[{"type":"Hostname","address":"n1"},
                   {"type":"InternalIP","address":"192.168.1.10"}],
                   "nodeInfo":{"kubeletVersion":"v1.32.0","osImage":"Ubuntu 24.04","kernelVersion":"6.8.0",
                     "containerRuntimeVersion":"quarkube://0.1"}}}""".formatted(labels, unschedulable, conditions),
                Node.class);
    }

    @Test
    void readyNodeShowsRolesVersionAndAddresses() {
        Node node = node("{\"node-role.kubernetes.io/control-plane\":\"\",\"node-role.kubernetes.io/worker\":\"\"}",
                false, "[{\"type\":\"MemoryPressure\",\"status\":\"False\"},{\"type\":\"Ready\",\"status\":\"True\"}]");
        assertEquals(List.of("n1", "Ready", "control-plane,worker", "4h", "v1.32.0", "192.168.1.10", "<none>",
                "Ubuntu 24.04", "6.8.0", "quarkube://0.1"), nodes.cells(node, NOW));
    }

    @Test
    void cordonedNotReadyNodeIsNotReadySchedulingDisabled() {
        Node node = node("{}", true, "[{\"type\":\"Ready\",\"status\":\"Unknown\"}]");
        assertEquals(List.of("NotReady,SchedulingDisabled", "<none>"), nodes.cells(node, NOW).subList(1, 3));
    }

    @Test
    void nodeWithoutReadyConditionIsUnknown() {
        Node node = node("{\"kubernetes.io/role\":\"edge\"}", false, "[]");
        assertEquals(List.of("Unknown", "edge"), nodes.cells(node, NOW).subList(1, 3));
        Node bare = read("{\"metadata\":{\"name\":\"n2\"}}", Node.class);
        assertEquals(List.of("n2", "Unknown", "<none>", "<unknown>", "", "<none>", "<none>", "<unknown>",
                "<unknown>", "<unknown>"), nodes.cells(bare, NOW));
    }

    @Test
    void namespaceShowsItsPhase() {
        Namespace ns = read("""
                {"metadata":{"name":"team-a","creationTimestamp":"2024-05-01T11:59:50Z"},"status":{"phase":"Terminating"}}""",
                Namespace.class);
        assertEquals(List.of("team-a", "Terminating", "10s"), new CorePrinters.NamespacePrinter().cells(ns, NOW));
    }

    @Test
    void eventShowsLastSeenTypeReasonObjectMessage() {
        Event ev = read("""
                {"metadata":{"name":"p1.17c","namespace":"default"},"type":"Warning","reason":"BackOff",
                 "message":"Back-off restarting failed container\\n","count":7,
                 "firstTimestamp":"2024-05-01T11:00:00Z","lastTimestamp":"2024-05-01T11:59:00Z",
                 "involvedObject":{"kind":"Pod","name":"p1","fieldPath":"spec.containers{c}"},
                 "source":{"component":"kubelet","host":"n1"}}""", Event.class);
        assertEquals(List.of("60s", "Warning", "BackOff", "pod/p1", "spec.containers{c}", "kubelet, n1",
                "Back-off restarting failed container", "60m", 7L, "p1.17c"), new EventPrinter().cells(ev, NOW));
    }

    @Test
    void newStyleEventFallsBackToEventTimeAndReportingController() {
        Event ev = read("""
                {"metadata":{"name":"e2","namespace":"default"},"type":"Normal","reason":"Scheduled",
                 "message":"assigned","eventTime":"2024-05-01T11:58:00.000000Z","reportingComponent":"default-scheduler",
                 "involvedObject":{"kind":"Pod","name":"p1"}}""", Event.class);
        assertEquals(List.of("2m", "Normal", "Scheduled", "pod/p1", "", "default-scheduler", "assigned", "2m", 1L,
                "e2"), new EventPrinter().cells(ev, NOW));
    }

    @Test
    void boundClaimShowsVolumeCapacityAndModes() {
        PersistentVolumeClaim pvc = read("""
                {"metadata":{"name":"data","creationTimestamp":"2024-05-01T11:00:00Z"},
                 "spec":{"volumeName":"pv-1","storageClassName":"standard","accessModes":["ReadWriteOnce"],
                   "volumeMode":"Filesystem","resources":{"requests":{"storage":"1Gi"}}},
                 "status":{"phase":"Bound","capacity":{"storage":"2Gi"},"accessModes":["ReadWriteMany","ReadWriteOnce"]}}""",
                PersistentVolumeClaim.class);
        assertEquals(List.of("data", "Bound", "pv-1", "2Gi", "RWO,RWX", "standard", "<unset>", "60m", "Filesystem"),
                new CorePrinters.PersistentVolumeClaimPrinter().cells(pvc, NOW));
    }

    @Test
    void pendingClaimHasNoCapacityYet() {
        PersistentVolumeClaim pvc = read("""
                {"metadata":{"name":"data","creationTimestamp":"2024-05-01T11:00:00Z",
                   "annotations":{"volume.beta.kubernetes.io/storage-class":"legacy"}},
                 "spec":{"storageClassName":"standard","resources":{"requests":{"storage":"1Gi"}}},
                 "status":{"phase":"Pending"}}""", PersistentVolumeClaim.class);
        assertEquals(List.of("data", "Pending", "", "", "", "legacy", "<unset>", "60m", "<unset>"),
                new CorePrinters.PersistentVolumeClaimPrinter().cells(pvc, NOW));
    }

    @Test
    void leaseShowsItsHolder() {
        Lease lease = read("""
                {"metadata":{"name":"kube-scheduler","creationTimestamp":"2024-05-01T11:59:00Z"},
                 "spec":{"holderIdentity":"scheduler-0"}}""", Lease.class);
        assertEquals(List.of("kube-scheduler", "scheduler-0", "60s"), new CorePrinters.LeasePrinter().cells(lease, NOW));
    }

    @Test
    void kindsWithoutAPrinterGetNameAndCreatedAt() {
        ConfigMap cm = read("""
                {"metadata":{"name":"cfg","creationTimestamp":"2024-05-01T13:00:00+02:00"}}""", ConfigMap.class);
        CorePrinters.DefaultPrinter printer = new CorePrinters.DefaultPrinter();
        assertEquals(List.of("cfg", "2024-05-01T11:00:00Z"), printer.cells(cm, NOW));
        assertEquals(List.of("Name", "Created At"), names(printer));
        assertEquals("date", printer.columns().get(1).type());
    }

    @Test
    void columnNamesAreUpstreams() {
        assertEquals(List.of("Name", "Status", "Roles", "Age", "Version", "Internal-IP", "External-IP", "OS-Image",
                "Kernel-Version", "Container-Runtime"), names(nodes));
        assertEquals(List.of("Last Seen", "Type", "Reason", "Object", "Subobject", "Source", "Message", "First Seen",
                "Count", "Name"), names(new EventPrinter()));
        assertEquals(Map.of("Subobject", 1, "Message", 0, "Name", 1), new EventPrinter().columns().stream()
                .filter(c -> List.of("Subobject", "Message", "Name").contains(c.name()))
                .collect(java.util.stream.Collectors.toMap(Column::name, Column::priority)));
        assertEquals(List.of("Name", "Status", "Volume", "Capacity", "Access Modes", "StorageClass",
                "VolumeAttributesClass", "Age", "VolumeMode"), names(new CorePrinters.PersistentVolumeClaimPrinter()));
    }
}
