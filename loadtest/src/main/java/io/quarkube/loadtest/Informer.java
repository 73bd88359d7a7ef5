package io.quarkube.loadtest;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkube.api.json.Json;

import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * A list-then-watch loop over one collection of the api-server, as a client sees it: every object of the list,
 * then every event, goes to the handler with the time it arrived. A watch that ends is resumed from the last
 * resourceVersion seen; a 410 (history too short) lists again. One daemon thread.
 */
final class Informer implements AutoCloseable {
    /** Receives objects in arrival order; {@code type} is ADDED/MODIFIED/DELETED ("ADDED" for listed items). */
    interface Handler {
        void on(String type, JsonNode object, long arrivedNanos);
    }

    private final ClusterHttp http;
    private final String path;
    private final Handler handler;
    private final Thread thread;
    private final AtomicLong events = new AtomicLong();
    private volatile boolean running = true;
    private volatile boolean listed;
    private volatile String lastError;
    private volatile Stream<String> current;
    private String resourceVersion;

    Informer(ClusterHttp http, String path, Handler handler) {
        this.http = http;
        this.path = path;
        this.handler = handler;
        this.thread = new Thread(this::run, "watch " + path);
        this.thread.setDaemon(true);
    }

    Informer start() {
        thread.start();
        return this;
    }

    /** True once the first list has been handed to the handler. */
    boolean listed() {
        return listed;
    }

    long events() {
        return events.get();
    }

    String lastError() {
        return lastError;
    }

    private void run() {
        while (running) {
            try {
                if (resourceVersion == null) {
                    list();
                }
                watch();
            } catch (ClusterHttp.WatchRefused e) {
                lastError = e.getMessage();
                if (e.code == 410) {
                    resourceVersion = null; // too old for the watch cache: list again
                } else {
                    pause();
                }
            } catch (RuntimeException e) {
                if (!running) {
                    return;
                }
                lastError = e.toString();
                pause();
            }
        }
    }

    private void list() {
        JsonNode list = http.getJson(path);
        long now = System.nanoTime();
        for (JsonNode item : list.path("items")) {
            handler.on("ADDED", item, now);
        }
        resourceVersion = list.path("metadata").path("resourceVersion").asText(null);
        listed = true;
    }

    private void watch() {
        try (Stream<String> lines = http.watch(path, resourceVersion)) {
            current = lines;
            Iterator<String> it = lines.iterator();
            while (running && it.hasNext()) {
                String line = it.next();
                if (line.isBlank()) {
                    continue;
                }
                long now = System.nanoTime();
                JsonNode event = Json.read(line.getBytes(java.nio.charset.StandardCharsets.UTF_8), JsonNode.class);
                String type = event.path("type").asText();
                JsonNode object = event.path("object");
                if ("ERROR".equals(type)) {
                    int code = object.path("code").asInt();
                    throw new ClusterHttp.WatchRefused(code, "watch " + path + ": " + object.path("message").asText());
                }
                String rv = object.path("metadata").path("resourceVersion").asText(null);
                if (rv != null) {
                    resourceVersion = rv;
                }
                if (!"BOOKMARK".equals(type)) {
                    events.incrementAndGet();
                    handler.on(type, object, now);
                }
            }
        } catch (UncheckedIOException e) {
            if (running) {
                throw e;
            }
        }
    }

    private void pause() {
        try {
            Thread.sleep(1_000);
        } catch (InterruptedException e) {
            running = false;
        }
    }

    @Override
    public void close() {
        running = false;
        Stream<String> s = current;
        if (s != null) {
            try {
                s.close();
            } catch (RuntimeException ignored) {
                // closing a stream whose connection already broke
            }
        }
        thread.interrupt();
    }
}
