package io.quarkube.apiserver;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkube.api.json.Json;
import io.restassured.RestAssured;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** A watch as a client sees it: the HTTP status and the stream of JSON lines, read on a background thread. */
final class WatchStream implements AutoCloseable {
    static final JsonNode END = Json.MAPPER.createObjectNode().put("type", "END");

    final int status;
    private final BlockingQueue<JsonNode> events = new LinkedBlockingQueue<>();
    private final Thread reader;
    private final Stream<String> lines;

    private WatchStream(HttpResponse<Stream<String>> response) {
        this.status = response.statusCode();
        this.lines = response.body();
        this.reader = new Thread(() -> {
            try {
                lines.forEach(line -> events.add(read(line)));
            } catch (UncheckedIOException closed) {
                // closed by close()
            }
            events.add(END);
        }, "watch-reader");
        reader.setDaemon(true);
        reader.start();
    }

    static WatchStream open(String pathAndQuery) {
        return open(pathAndQuery, "application/json", "test-admin-token");
    }

    static WatchStream open(String pathAndQuery, String accept, String token) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + RestAssured.port
                + pathAndQuery)).header("Accept", accept);
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        try {
            return new WatchStream(HttpClient.newHttpClient().send(request.build(),
                    HttpResponse.BodyHandlers.ofLines()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The next event, or null if none came within the timeout; {@link #END} once the server closed the stream. */
    JsonNode next(Duration timeout) throws InterruptedException {
        return events.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Events until {@code count} arrived or the timeout passed. */
    List<JsonNode> take(int count, Duration timeout) throws InterruptedException {
        List<JsonNode> taken = new ArrayList<>();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (taken.size() < count) {
            long left = deadline - System.nanoTime();
            JsonNode event = left <= 0 ? null : events.poll(left, TimeUnit.NANOSECONDS);
            if (event == null || event == END) {
                break;
            }
            taken.add(event);
        }
        return taken;
    }

    private static JsonNode read(String line) {
        try {
            return Json.MAPPER.readTree(line);
        } catch (IOException e) {
            throw new UncheckedIOException("not a JSON line: " + line, e);
        }
    }

    @Override
    public void close() {
        lines.close();
        reader.interrupt();
    }
}
