package io.quarkube.apiserver;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * A kubelet's /containerLogs endpoint on a free port, scripted by pod name: "stream-*" pods send one line, wait
 * for {@link #release}, send another and end; "gone-*" pods are unknown (404 Status); others answer one line
 * naming the container. Every request URI is recorded.
 */
final class FakeKubelet implements AutoCloseable {
    final List<URI> requests = new CopyOnWriteArrayList<>();
    final CountDownLatch release = new CountDownLatch(1);
    private final HttpServer server;

    FakeKubelet() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newCachedThreadPool());
        server.createContext("/containerLogs/", this::handle);
        server.start();
    }

    int port() {
        return server.getAddress().getPort();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            requests.add(exchange.getRequestURI());
            String[] path = exchange.getRequestURI().getPath().split("/"); // "", containerLogs, ns, pod, container
            String pod = path[3];
            if (pod.startsWith("gone-")) {
                reply(exchange, 404, "application/json", "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"metadata\":{},"
                        + "\"status\":\"Failure\",\"message\":\"pods \\\"" + pod + "\\\" not found\","
                        + "\"reason\":\"NotFound\",\"code\":404}");
            } else if (pod.startsWith("stream-")) {
                exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
                exchange.sendResponseHeaders(200, 0); // chunked
                OutputStream out = exchange.getResponseBody();
                out.write("first\n".getBytes(StandardCharsets.UTF_8));
                out.flush();
                release.await(10, TimeUnit.SECONDS);
                out.write("second\n".getBytes(StandardCharsets.UTF_8));
            } else {
                reply(exchange, 200, "text/plain; charset=utf-8", "log of " + path[4] + "\n");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void reply(HttpExchange exchange, int code, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.sendResponseHeaders(code, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    @Override
    public void close() {
        release.countDown();
        server.stop(0);
    }
}
