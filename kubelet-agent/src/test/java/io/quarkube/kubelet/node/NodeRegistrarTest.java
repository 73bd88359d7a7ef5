package io.quarkube.kubelet.node;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.NodeCondition;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.quarkube.api.Resources;
import io.quarkube.api.client.ApiClient;
import io.quarkube.api.json.Json;
import io.quarkube.kubelet.Eventually;
import io.quarkube.kubelet.InMemoryApiServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Registration, Lease heartbeats and node status reports against a stateful in-memory api-server. */
class NodeRegistrarTest {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private final LocalNodes nodes = new LocalNodes("n", 1);
    private final NodeStatusFactory factory = new NodeStatusFactory(nodes, "4", "8Gi", "110", "process", 10250);
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private InMemoryApiServer server;
    private NodeRegistrar registrar;

    @AfterEach
    void tearDown() {
        registrar.close();
        server.close();
    }

    private void start(Duration interval, Duration reportFrequency) throws Exception {
        if (server == null) {
            server = new InMemoryApiServer();
        }
        ApiClient api = new ApiClient(server.url(), "");
        NodeStatusReporter reporter = new NodeStatusReporter(api, server.informer.store(Resources.NODES), factory,
                Clock.systemUTC(), reportFrequency);
        registrar = new NodeRegistrar(api, factory, nodes, reporter, new NodeLeases(api, Clock.systemUTC(), 40),
                interval, 2, meters);
        server.informer.addHandler(Resources.NODES, registrar);
        registrar.start();
    }

    private Lease lease() {
        return server.get(Resources.LEASES, NodeLeases.NAMESPACE, "n-1").orElseThrow();
    }

    private long statusPuts() {
        return server.count("PUT", p -> p.equals("/api/v1/nodes/n-1/status"));
    }

    @Test
    void theLeaseIsCreatedInKubeNodeLeaseOwnedByTheNodeAndRenewedWhileTheStatusIsNotRewritten() throws Exception {
        start(Duration.ofMillis(200), Duration.ofMinutes(5));

        Eventually.await(WAIT, () -> server.get(Resources.LEASES, NodeLeases.NAMESPACE, "n-1").isPresent(),
                () -> "no lease; requests " + server.requests);
        Node node = server.get(Resources.NODES, null, "n-1").orElseThrow();
        Lease lease = lease();
        assertTrue(server.get(Resources.NAMESPACES, null, NodeLeases.NAMESPACE).isPresent(),
                "the agent creates kube-node-lease when the api-server has not");
        assertEquals("n-1", lease.getSpec().getHolderIdentity());
        assertEquals(40, lease.getSpec().getLeaseDurationSeconds());
        OwnerReference owner = lease.getMetadata().getOwnerReferences().get(0);
        assertEquals(List.of("v1", "Node", "n-1", node.getMetadata().getUid()),
                List.of(owner.getApiVersion(), owner.getKind(), owner.getName(), owner.getUid()));
        ZonedDateTime firstRenew = lease.getSpec().getRenewTime();

        Eventually.await(WAIT, () -> server.count("PUT", p -> p.endsWith("/leases/n-1")) >= 5,
                () -> "renewals " + server.requests);
        assertTrue(lease().getSpec().getRenewTime().isAfter(firstRenew), "renewTime advances");
        assertEquals(1, statusPuts(), "status written once at registration, not at every heartbeat");
        List<NodeCondition> conditions = server.get(Resources.NODES, null, "n-1").orElseThrow().getStatus()
                .getConditions();
        assertEquals(List.of("MemoryPressure/False/KubeletHasSufficientMemory",
                        "DiskPressure/False/KubeletHasNoDiskPressure", "PIDPressure/False/KubeletHasSufficientPID",
                        "Ready/True/KubeletReady"),
                conditions.stream().map(c -> c.getType() + "/" + c.getStatus() + "/" + c.getReason()).toList());
        assertTrue(meters.get("kubelet.node.lease.renew.lateness").timer().count() >= 4);
    }

    @Test
    void theStatusIsReportedWhenItChangedAndWhenTheReportIsDue() throws Exception {
        start(Duration.ofMillis(100), Duration.ofMillis(1500));
        Eventually.await(WAIT, registrar::allRegistered, () -> "requests " + server.requests);

        // what a node lifecycle controller does to a silent node; the kubelet puts Ready back at its next beat
        Node node = server.get(Resources.NODES, null, "n-1").orElseThrow();
        NodeCondition ready = node.getStatus().getConditions().get(3);
        String transition = ready.getLastTransitionTime();
        ready.setStatus("Unknown");
        ready.setReason("NodeStatusUnknown");
        ready.setLastTransitionTime("2030-01-01T00:00:00Z");
        server.replace(Resources.NODES, node);
        long before = statusPuts();
        Eventually.await(WAIT, () -> "True".equals(readyCondition().getStatus()), () -> "still " + readyCondition());
        assertEquals(before + 1, statusPuts());
        assertNotEquals("2030-01-01T00:00:00Z", readyCondition().getLastTransitionTime(), "a new transition");
        assertNotEquals(transition, "2030-01-01T00:00:00Z");

        // nothing changes now: one report per 1.5 s, not one per 100 ms beat
        long afterFix = statusPuts();
        Thread.sleep(3_400);
        long reports = statusPuts() - afterFix;
        assertTrue(reports >= 1 && reports <= 3, "periodic reports in 3.4 s: " + reports);
    }

    private NodeCondition readyCondition() {
        return server.get(Resources.NODES, null, "n-1").orElseThrow().getStatus().getConditions().stream()
                .filter(c -> c.getType().equals("Ready")).findFirst().orElseThrow();
    }

    @Test
    void aConflictingLeaseIsReadAgainAndADeletedOneIsCreated() throws Exception {
        start(Duration.ofMillis(200), Duration.ofMinutes(5));
        Eventually.await(WAIT, registrar::allRegistered, () -> "requests " + server.requests);

        Lease changed = lease();
        changed.getMetadata().setLabels(java.util.Map.of("touched", "yes"));
        server.replace(Resources.LEASES, changed); // someone else wrote it: our resourceVersion is stale
        int mark = server.requests.size();
        Eventually.await(WAIT, () -> requestsSince(mark).stream()
                        .anyMatch(r -> r.method().equals("PUT") && r.path().endsWith("/leases/n-1") && r.code() == 200),
                () -> "requests " + server.requests);
        List<String> after = requestsSince(mark).stream()
                .filter(r -> r.path().contains("/leases/")).map(r -> r.method() + " " + r.code()).toList();
        assertEquals(List.of("PUT 409", "GET 200", "PUT 200"), after.subList(0, 3));
        assertEquals("yes", lease().getMetadata().getLabels().get("touched"), "renewal keeps what others set");

        server.delete(Resources.LEASES, NodeLeases.NAMESPACE, "n-1", false);
        Eventually.await(WAIT, () -> server.get(Resources.LEASES, NodeLeases.NAMESPACE, "n-1").isPresent(),
                () -> "lease not created again; requests " + server.requests);
        assertTrue(server.count("POST", p -> p.endsWith("/leases")) >= 2);
    }

    @Test
    void takesOverAnExistingNodeAndItsLease() throws Exception {
        server = new InMemoryApiServer();
        Node existing = server.create(Resources.NODES, new NodeBuilder(factory.newNode("n-1")).build());

        start(Duration.ofMillis(200), Duration.ofMinutes(5));

        Eventually.await(WAIT, () -> server.get(Resources.LEASES, NodeLeases.NAMESPACE, "n-1").isPresent(),
                () -> "requests " + server.requests);
        assertEquals(List.of("POST 409", "GET 200", "PUT 200"), server.requests.stream()
                .filter(r -> r.path().startsWith("/api/v1/nodes")).limit(3).map(r -> r.method() + " " + r.code())
                .toList());
        Node node = server.get(Resources.NODES, null, "n-1").orElseThrow();
        assertEquals(existing.getMetadata().getUid(), node.getMetadata().getUid());
        assertEquals(10250, node.getStatus().getDaemonEndpoints().getKubeletEndpoint().getPort());
        assertEquals(existing.getMetadata().getUid(), lease().getMetadata().getOwnerReferences().get(0).getUid());
    }

    @Test
    void aNodeDeletedThroughTheApiIsRegisteredAgainWithItsLeaseOwnedByTheNewNode() throws Exception {
        start(Duration.ofMillis(200), Duration.ofMinutes(5));
        Eventually.await(WAIT, registrar::allRegistered, () -> "requests " + server.requests);
        String oldUid = server.get(Resources.NODES, null, "n-1").orElseThrow().getMetadata().getUid();

        server.delete(Resources.NODES, null, "n-1", false);

        Eventually.await(WAIT, () -> server.get(Resources.NODES, null, "n-1").isPresent(), () -> "not registered again");
        String newUid = server.get(Resources.NODES, null, "n-1").orElseThrow().getMetadata().getUid();
        assertNotEquals(oldUid, newUid);
        Eventually.await(WAIT, () -> newUid.equals(lease().getMetadata().getOwnerReferences().get(0).getUid()),
                () -> "lease owner " + Json.writeString(lease().getMetadata()));
    }

    @Test
    void retriesRegistrationWhileTheApiServerIsDown() throws Exception {
        server = new InMemoryApiServer();
        server.down = true;
        start(Duration.ofMillis(200), Duration.ofMinutes(5));
        Eventually.await(WAIT, () -> !server.requests.isEmpty(), () -> "no attempt");

        server.down = false;

        Eventually.await(WAIT, registrar::allRegistered, () -> "requests " + server.requests);
        assertTrue(server.requests.get(0).code() == 503);
    }

    /** A copy: a sublist of the live request log breaks as soon as the agent sends another request. */
    private List<InMemoryApiServer.Request> requestsSince(int mark) {
        List<InMemoryApiServer.Request> all = List.copyOf(server.requests);
        return all.subList(mark, all.size());
    }
}
