package io.quarkube.kubelet.logs;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Status;
import io.quarkube.api.json.Json;
import io.quarkube.kubelet.TestPods;
import io.quarkube.kubelet.node.LocalNodes;
import io.quarkube.kubelet.runtime.PodDirs;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The kubelet's /containerLogs route over real HTTP (Vert.x as in the agent): chunked streaming and Status errors. */
class ContainerLogsRouteTest {
    @TempDir
    Path workDir;
    private final ScheduledExecutorService io = Executors.newScheduledThreadPool(2);
    private final HttpClient http = HttpClient.newHttpClient();
    private Vertx vertx;
    private HttpServer server;
    private PodDirs dirs;
    private ContainerLogs logs;
    private Pod pod;

    @BeforeEach
    void setUp() throws Exception {
        dirs = new PodDirs(workDir);
        logs = new ContainerLogs(Clock.systemUTC());
        pod = TestPods.pod("p1", "Always", TestPods.image("c")).build();
        ContainerLogsResource resource = new ContainerLogsResource(
                (ns, name) -> Optional.of(pod).filter(p -> name.equals("p1")), new LocalNodes("node", 1), dirs, logs,
                Clock.systemUTC(), () -> io, Duration.ofMillis(50));
        vertx = Vertx.vertx();
        Router router = Router.router(vertx);
        resource.register(router);
        server = vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1").toCompletionStage()
                .toCompletableFuture().get(5, TimeUnit.SECONDS);
    }

    @AfterEach
    void tearDown() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
        io.shutdownNow();
    }

    private HttpResponse<InputStream> get(String pathAndQuery) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.actualPort()
                + "/containerLogs/default/" + pathAndQuery)).build();
        return http.sendAsync(request, HttpResponse.BodyHandlers.ofInputStream()).get(5, TimeUnit.SECONDS);
    }

    @Test
    void followIsAChunkedStreamThatEndsWithTheContainer() throws Exception {
        PipedOutputStream stdout = new PipedOutputStream();
        Files.createDirectories(dirs.podDir(pod.getMetadata().getUid()));
        ContainerLog log = logs.start(dirs.logFile(pod.getMetadata().getUid(), "c"));
        log.pump(new PipedInputStream(stdout), new ByteArrayInputStream(new byte[0]), "test");
        write(stdout, "one\n");

        HttpResponse<InputStream> response = get("p1/c?follow=true");

        assertEquals(200, response.statusCode());
        assertTrue(response.headers().firstValue("Content-Type").orElse("").startsWith("text/plain"));
        BufferedReader lines = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8));
        assertEquals("one", readLine(lines));
        write(stdout, "two\n");
        assertEquals("two", readLine(lines));
        stdout.close(); // the container ended
        assertNull(readLine(lines));
    }

    @Test
    void optionsApplyAndRefusalsAreStatusObjects() throws Exception {
        Files.createDirectories(dirs.podDir(pod.getMetadata().getUid()));
        ContainerLog log = logs.start(dirs.logFile(pod.getMetadata().getUid(), "c"));
        log.pump(new ByteArrayInputStream("a\nb\nc\n".getBytes(StandardCharsets.UTF_8)),
                new ByteArrayInputStream(new byte[0]), "test");
        log.closed().get(5, TimeUnit.SECONDS);

        assertEquals("b\nc\n", body(get("p1/c?tailLines=2")));

        HttpResponse<InputStream> missing = get("nope/c");
        assertEquals(404, missing.statusCode());
        assertEquals("application/json", missing.headers().firstValue("Content-Type").orElse(""));
        Status status = Json.read(body(missing).getBytes(StandardCharsets.UTF_8), Status.class);
        assertEquals(List.of("Status", "v1", "Failure", "NotFound", "pods \"nope\" not found"), List.of(
                status.getKind(), status.getApiVersion(), status.getStatus(), status.getReason(), status.getMessage()));
        assertEquals(404, status.getCode());
        HttpResponse<InputStream> previous = get("p1/c?previous=true");
        assertEquals(400, previous.statusCode());
        assertTrue(body(previous).contains("previous terminated container \\\"c\\\" in pod \\\"p1\\\" not found"));
        assertEquals(400, get("p1/c?limitBytes=0").statusCode());
    }

    private static void write(PipedOutputStream out, String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    private static String body(HttpResponse<InputStream> response) throws IOException {
        try (InputStream in = response.body()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** One line, or a failure if it does not come within 5 s (a stream that is buffered, or never ends). */
    private static String readLine(BufferedReader reader) throws Exception {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return reader.readLine();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }).get(5, TimeUnit.SECONDS);
    }
}
