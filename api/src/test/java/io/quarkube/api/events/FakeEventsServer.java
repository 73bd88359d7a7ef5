package io.quarkube.api.events;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.fabric8.kubernetes.api.model.Event;
import io.quarkube.api.json.Json;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/** A scripted api-server for Events: POST creates, PUT updates with resourceVersion checks; every call is logged. */
final class FakeEventsServer implements AutoCloseable {
    final List<String> calls = new CopyOnWriteArrayList<>();
    final Map<String, Event> events = new ConcurrentHashMap<>();
    private final AtomicLong revision = new AtomicLong(100);
    private final HttpServer server;
    /** While set, every request waits for it (a slow api-server). */
    volatile CountDownLatch gate;

    FakeEventsServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            CountDownLatch wait = gate;
            if (wait != null) {
                wait.await(10, TimeUnit.SECONDS);
            }
            String method = exchange.getRequestMethod();
            String path = exchange.getRequestURI().getPath();
            calls.add(method + " " + path);
            Event event = Json.read(exchange.getRequestBody().readAllBytes(), Event.class);
            String key = event.getMetadata().getNamespace() + "/" + event.getMetadata().getName();
            if (method.equals("POST")) {
                event.getMetadata().setResourceVersion(Long.toString(revision.incrementAndGet()));
                events.put(key, event);
                reply(exchange, 201, Json.writeString(event));
                return;
            }
            Event stored = events.get(key);
            if (stored == null) {
                reply(exchange, 404, "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Failure\","
                        + "\"reason\":\"NotFound\",\"code\":404}");
                return;
            }
            if (!stored.getMetadata().getResourceVersion().equals(event.getMetadata().getResourceVersion())) {
                reply(exchange, 409, "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Failure\","
                        + "\"reason\":\"Conflict\",\"code\":409}");
                return;
            }
            event.getMetadata().setResourceVersion(Long.toString(revision.incrementAndGet()));
            events.put(key, event);
            reply(exchange, 200, Json.writeString(event));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void reply(HttpExchange exchange, int code, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(code, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
