package io.quarkube.kubelet.node;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.quarkube.api.client.ApiClient;
import io.quarkube.api.informer.Store;
import io.quarkube.api.json.Json;
import io.quarkube.kubelet.Eventually;
import io.quarkube.kubelet.FakeApiServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Registration and heartbeats against a scripted api-server, through the real ApiClient. */
class NodeRegistrarTest {
    private final LocalNodes nodes = new LocalNodes("n", 1);
    private final NodeStatusFactory factory = new NodeStatusFactory(nodes, "4", "8Gi", "110", "process", 10250);
    private FakeApiServer server;
    private NodeRegistrar registrar;

    @AfterEach
    void tearDown() {
        registrar.close();
        server.close();
    }

    @Test
    void takesOverAnExistingNodeThenPostsItsStatusAndHeartbeats() throws Exception {
        Node existing = new NodeBuilder(factory.newNode("n-1")).editMetadata().withResourceVersion("7").endMetadata()
                .build();
        server = new FakeApiServer()
                .answer(409, "{\"kind\":\"Status\",\"code\":409,\"reason\":\"AlreadyExists\"}")
                .answer(200, Json.writeString(existing))
                .answer(200, Json.writeString(existing))
                .answer(200, Json.writeString(existing));
        registrar = new NodeRegistrar(new ApiClient(server.url(), ""), new Store<>(), factory, nodes,
                Duration.ofMillis(200), Clock.systemUTC());

        registrar.start();

        Eventually.await(Duration.ofSeconds(5), () -> server.requests.size() >= 4, () -> "requests " + server.requests);
        assertEquals(List.of("POST /api/v1/nodes", "GET /api/v1/nodes/n-1", "PUT /api/v1/nodes/n-1/status",
                        "PUT /api/v1/nodes/n-1/status"),
                server.requests.subList(0, 4).stream().map(r -> r.method() + " " + r.path()).toList());
        assertTrue(registrar.allRegistered());
        Node sent = Json.read(server.requests.get(2).body().getBytes(), Node.class);
        assertEquals("7", sent.getMetadata().getResourceVersion());
        assertEquals(10250, sent.getStatus().getDaemonEndpoints().getKubeletEndpoint().getPort());
        assertEquals("True", sent.getStatus().getConditions().get(3).getStatus());
    }

    @Test
    void retriesWhileTheApiServerFails() throws Exception {
        Node created = new NodeBuilder(factory.newNode("n-1")).editMetadata().withResourceVersion("1").endMetadata()
                .build();
        server = new FakeApiServer()
                .answer(503, "{\"kind\":\"Status\",\"code\":503}")
                .answer(201, Json.writeString(created))
                .answer(200, Json.writeString(created));
        registrar = new NodeRegistrar(new ApiClient(server.url(), ""), new Store<>(), factory, nodes,
                Duration.ofSeconds(60), Clock.systemUTC());

        registrar.start();

        Eventually.await(Duration.ofSeconds(5), registrar::allRegistered, () -> "requests " + server.requests);
        assertEquals(3, server.requests.size());
    }
}
