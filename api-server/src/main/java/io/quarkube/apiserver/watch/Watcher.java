package io.quarkube.apiserver.watch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.quarkube.api.json.Json;
import io.vertx.core.Context;
import io.vertx.core.buffer.Buffer;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * One watch connection. Cache events arrive on the informer thread; the watcher filters them (an object that
 * leaves the selector is DELETED, one that enters it is ADDED), encodes one JSON line per event and hands it to
 * the connection's event loop. A watcher that falls too far behind is closed; its client re-watches from the
 * last version it saw, as with any closed watch.
 */
final class Watcher implements Consumer<WatchEvent> {
    static final int MAX_PENDING = 20_000;

    interface Format {
        /** The event's object as the client asked for it (the object itself, or a one-row Table). */
        JsonNode render(HasMetadata object, boolean first);
    }

    private final Predicate<HasMetadata> selects;
    private final Format format;
    private final WatchSink sink;
    private final Context context;
    private final Runnable onClose;
    private final ConcurrentLinkedQueue<Buffer> pending = new ConcurrentLinkedQueue<>();
    private final AtomicInteger pendingCount = new AtomicInteger();
    private final AtomicBoolean drainScheduled = new AtomicBoolean();
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile boolean firstSent;

    Watcher(Predicate<HasMetadata> selects, Format format, WatchSink sink, Context context,
            Runnable onClose) {
        this.selects = selects;
        this.format = format;
        this.sink = sink;
        this.context = context;
        this.onClose = onClose;
    }

    @Override
    public void accept(WatchEvent event) {
        HasMetadata object = event.object();
        switch (event.type()) {
            case ADDED -> {
                if (selects.test(object)) {
                    send("ADDED", object);
                }
            }
            case DELETED -> {
                if (selects.test(object)) {
                    send("DELETED", object);
                }
            }
            case MODIFIED -> {
                boolean now = selects.test(object);
                boolean before = event.previous() != null && selects.test(event.previous());
                if (now) {
                    send(before ? "MODIFIED" : "ADDED", object);
                } else if (before) {
                    send("DELETED", leftSelector(event));
                }
            }
            default -> { }
        }
    }

    /** A BOOKMARK: "everything up to this version was sent" — lets the client resume cheaply. */
    void bookmark(String apiVersion, String kind, long resourceVersion) {
        ObjectNode object = Json.MAPPER.createObjectNode();
        object.put("kind", kind).put("apiVersion", apiVersion).putObject("metadata")
                .put("resourceVersion", Long.toString(resourceVersion));
        enqueue(line("BOOKMARK", object));
    }

    void close() {
        if (closed.compareAndSet(false, true)) {
            onClose.run();
            context.runOnContext(v -> sink.end());
        }
    }

    boolean isClosed() {
        return closed.get();
    }

    private void send(String type, HasMetadata object) {
        boolean first = !firstSent;
        firstSent = true;
        enqueue(line(type, format.render(object, first)));
    }

    private static HasMetadata leftSelector(WatchEvent event) {
        HasMetadata previous = Json.MAPPER.convertValue(event.previous(), event.previous().getClass());
        previous.getMetadata().setResourceVersion(Long.toString(event.resourceVersion()));
        return previous;
    }

    private static Buffer line(String type, JsonNode object) {
        ObjectNode event = Json.MAPPER.createObjectNode();
        event.put("type", type);
        event.set("object", object);
        Buffer buffer = Buffer.buffer(Json.write(event));
        return buffer.appendByte((byte) '\n');
    }

    private void enqueue(Buffer line) {
        if (closed.get()) {
            return;
        }
        if (pendingCount.incrementAndGet() > MAX_PENDING) {
            close(); // too slow a reader: drop it rather than hold the cache's memory hostage
            return;
        }
        pending.add(line);
        if (drainScheduled.compareAndSet(false, true)) {
            context.runOnContext(v -> drain());
        }
    }

    private void drain() {
        drainScheduled.set(false);
        Buffer line;
        while ((line = pending.poll()) != null) {
            pendingCount.decrementAndGet();
            if (sink.isClosed()) {
                close();
                return;
            }
            sink.write(line);
        }
    }
}
