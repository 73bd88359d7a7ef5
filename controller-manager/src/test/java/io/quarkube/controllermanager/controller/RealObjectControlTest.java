package io.quarkube.controllermanager.controller;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder;
import io.quarkube.api.Resources;
import io.quarkube.api.client.ApiClient;
import io.quarkube.api.json.Json;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** What the garbage collector and the namespace controller send, against a stand-in api-server that echoes. */
class RealObjectControlTest {
    private final List<String> requests = new ArrayList<>();
    private final List<JsonNode> bodies = new ArrayList<>();
    private HttpServer server;
    private RealObjectControl control;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            requests.add(exchange.getRequestMethod() + " " + exchange.getRequestURI().getPath());
            bodies.add(body.length == 0 ? null : Json.MAPPER.readTree(body));
            byte[] answer = body.length == 0 ? "{}".getBytes() : body;
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, answer.length);
            exchange.getResponseBody().write(answer);
            exchange.close();
        });
        server.start();
        control = new RealObjectControl(new ApiClient("http://127.0.0.1:" + server.getAddress().getPort(), ""));
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    @Test
    void deleteSendsDeleteOptionsWithThePolicyAndTheUidPrecondition() {
        control.delete(Resources.DEPLOYMENTS, "default", "web", ObjectControl.deleteOptions("Foreground", "uid-web"));
        assertEquals(List.of("DELETE /apis/apps/v1/namespaces/default/deployments/web"), requests);
        JsonNode body = bodies.get(0);
        assertEquals("DeleteOptions", body.get("kind").asText());
        assertEquals("v1", body.get("apiVersion").asText());
        assertEquals("Foreground", body.get("propagationPolicy").asText());
        assertEquals("uid-web", body.get("preconditions").get("uid").asText());
    }

    @Test
    void finalizeIsAPutOfTheNamespaceOnItsFinalizeSubresource() {
        Namespace ns = new NamespaceBuilder().withNewMetadata().withName("team").endMetadata()
                .withNewSpec().withFinalizers(List.of()).endSpec().build();
        control.finalizeNamespace(ns);
        assertEquals(List.of("PUT /api/v1/namespaces/team/finalize"), requests);
        assertEquals("team", bodies.get(0).get("metadata").get("name").asText());
    }

    @Test
    void updateIsAPutOfTheWholeObjectOfItsKind() {
        control.update(Resources.REPLICASETS, new ReplicaSetBuilder().withNewMetadata().withNamespace("default")
                .withName("web-1").withResourceVersion("20").endMetadata().build());
        assertEquals(List.of("PUT /apis/apps/v1/namespaces/default/replicasets/web-1"), requests);
        assertEquals("20", bodies.get(0).get("metadata").get("resourceVersion").asText());
    }
}
