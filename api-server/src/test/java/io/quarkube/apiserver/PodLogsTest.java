package io.quarkube.apiserver;

import io.quarkube.infra.QuarkubeTestInfra;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** pods/log through the api-server to a fake kubelet registered as a node. */
@QuarkusTest
@WithTestResource(value = QuarkubeTestInfra.class, scope = TestResourceScope.GLOBAL)
class PodLogsTest {
    private static final String PODS = "/api/v1/namespaces/default/pods";
    private static FakeKubelet kubelet;
    private static String node;

    @TestHTTPResource("/")
    URL base;

    @BeforeAll
    static void startKubelet() throws Exception {
        kubelet = new FakeKubelet();
    }

    @AfterAll
    static void stopKubelet() {
        kubelet.close();
    }

    private static RequestSpecification api() {
        return RestAssured.given().header("Authorization", "Bearer test-admin-token").contentType("application/json");
    }

    /** A node whose kubelet listens on {@code port} of 127.0.0.1, as the kubelet-agent registers it. */
    private static String registerNode(int port) {
        String name = "log-node-" + UUID.randomUUID().toString().substring(0, 8);
        api().body("""
                {"apiVersion":"v1","kind":"Node","metadata":{"name":"%s"},
                 "status":{"addresses":[{"type":"InternalIP","address":"127.0.0.1"}],
                           "daemonEndpoints":{"kubeletEndpoint":{"Port":%d}}}}""".formatted(name, port))
                .post("/api/v1/nodes").then().statusCode(201);
        return name;
    }

    /** A pod with these containers (and annotations), bound to {@code nodeName}; returns its name. */
    private static String boundPod(String prefix, String nodeName, Map<String, String> annotations,
                                   String... containers) {
        String name = prefix + UUID.randomUUID().toString().substring(0, 8);
        String specs = Stream.of(containers).map(c -> "{\"name\":\"" + c + "\",\"image\":\"busybox\"}")
                .collect(Collectors.joining(","));
        String notes = annotations.entrySet().stream().map(e -> "\"" + e.getKey() + "\":\"" + e.getValue() + "\"")
                .collect(Collectors.joining(","));
        api().body("""
                {"apiVersion":"v1","kind":"Pod","metadata":{"name":"%s","annotations":{%s}},
                 "spec":{"containers":[%s]}}""".formatted(name, notes, specs)).post(PODS).then().statusCode(201);
        api().body("""
                {"apiVersion":"v1","kind":"Binding","metadata":{"name":"%s"},"target":{"kind":"Node","name":"%s"}}"""
                .formatted(name, nodeName)).post(PODS + "/" + name + "/binding").then().statusCode(201);
        return name;
    }

    private static String node() {
        if (node == null) {
            node = registerNode(kubelet.port());
        }
        return node;
    }

    private static ValidatableResponse log(String pod, String query) {
        return api().get(PODS + "/" + pod + "/log" + (query.isEmpty() ? "" : "?" + query)).then();
    }

    @Test
    void everyOptionReachesTheKubeletOfThePodsNode() {
        String pod = boundPod("p-", node(), Map.of(), "c");

        String body = log(pod, "container=c&tailLines=10&timestamps=true&sinceSeconds=30&limitBytes=500"
                + "&previous=false&follow=false").statusCode(200).contentType(startsWith("text/plain"))
                .extract().asString();

        assertEquals("log of c\n", body);
        URI seen = kubelet.requests.stream().filter(u -> u.getPath().contains("/" + pod + "/")).findFirst()
                .orElseThrow();
        assertEquals("/containerLogs/default/" + pod + "/c", seen.getPath());
        assertEquals("tailLines=10&limitBytes=500&sinceSeconds=30&timestamps=true&follow=false&previous=false",
                seen.getQuery());
        String since = boundPod("p-", node(), Map.of(), "c");
        log(since, "sinceTime=2025-03-01T10:00:00Z").statusCode(200);
        assertEquals("sinceTime=2025-03-01T10:00:00Z", kubelet.requests.stream()
                .filter(u -> u.getPath().contains("/" + since + "/")).findFirst().orElseThrow().getQuery());
    }

    @Test
    void followStreamsEachLineAsTheKubeletSendsIt() throws Exception {
        String pod = boundPod("stream-", node(), Map.of(), "c");
        HttpRequest request = HttpRequest.newBuilder(base.toURI().resolve(PODS + "/" + pod + "/log?follow=true"))
                .header("Authorization", "Bearer test-admin-token").build();

        // the kubelet holds its answer open until released (or 10 s): the answer and its first line must get
        // through before that
        HttpResponse<InputStream> response = HttpClient.newHttpClient().sendAsync(request,
                HttpResponse.BodyHandlers.ofInputStream()).get(5, TimeUnit.SECONDS);
        assertEquals(200, response.statusCode());
        BufferedReader lines = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8));
        assertEquals("first", CompletableFuture.supplyAsync(() -> readLine(lines)).get(5, TimeUnit.SECONDS));
        kubelet.release.countDown();
        assertEquals("second", CompletableFuture.supplyAsync(() -> readLine(lines)).get(5, TimeUnit.SECONDS));
        assertNull(CompletableFuture.supplyAsync(() -> readLine(lines)).get(5, TimeUnit.SECONDS));
    }

    @Test
    void theContainerIsTheOnlyOneTheAnnotatedOneOrMustBeNamed() {
        String single = boundPod("p-", node(), Map.of(), "app");
        log(single, "").statusCode(200).body(equalTo("log of app\n"));

        String annotated = boundPod("p-", node(), Map.of("kubectl.kubernetes.io/default-container", "b"), "a", "b");
        log(annotated, "").statusCode(200).body(equalTo("log of b\n"));

        String two = boundPod("p-", node(), Map.of(), "a", "b");
        log(two, "").statusCode(400).body("reason", equalTo("BadRequest"))
                .body("message", equalTo("a container name must be specified for pod " + two + ", choose one of: [a b]"));
        log(two, "container=x").statusCode(400).body("kind", equalTo("Status"))
                .body("message", equalTo("container x is not valid for pod " + two));
        log(two, "container=a").statusCode(200).body(equalTo("log of a\n"));
    }

    @Test
    void kubeletRefusalsKeepTheirCodeAndAnUnreachableKubeletIs503() throws Exception {
        String gone = boundPod("gone-", node(), Map.of(), "c");
        log(gone, "").statusCode(404).body("reason", equalTo("NotFound"))
                .body("message", equalTo("pods \"" + gone + "\" not found"));

        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        String unreachable = boundPod("p-", registerNode(closedPort), Map.of(), "c");
        log(unreachable, "").statusCode(503).body("kind", equalTo("Status"))
                .body("reason", equalTo("ServiceUnavailable"))
                .body("message", startsWith("cannot reach the kubelet of node log-node-"));
    }

    @Test
    void badOptionsUnknownPodsAndMissingTokensAreRefusedAsKubernetesDoes() {
        String pod = boundPod("p-", node(), Map.of(), "c");
        log(pod, "tailLines=-1").statusCode(422).body("reason", equalTo("Invalid"))
                .body("message", equalTo("PodLogOptions \"" + pod + "\" is invalid: tailLines: Invalid value: -1: "
                        + "must be greater than or equal to 0"))
                .body("details.kind", equalTo("PodLogOptions"));
        log(pod, "sinceSeconds=5&sinceTime=2025-03-01T10:00:00Z").statusCode(422);
        log(pod, "tailLines=ten").statusCode(400).body("reason", equalTo("BadRequest"));
        log("nope", "").statusCode(404).body("message", equalTo("pods \"nope\" not found"));
        RestAssured.given().get(PODS + "/" + pod + "/log").then().statusCode(401).body("kind", equalTo("Status"));
    }

    private static String readLine(BufferedReader reader) {
        try {
            return reader.readLine();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
