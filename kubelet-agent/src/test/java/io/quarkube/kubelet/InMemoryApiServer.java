package io.quarkube.kubelet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.quarkube.api.ResourceType;
import io.quarkube.api.Resources;
import io.quarkube.api.informer.FakeInformer;
import io.quarkube.api.json.Json;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A small stateful api-server for kubelet tests: create/get/update/status/delete of any kind in Resources, a global
 * resourceVersion with 409 on a stale one, 404 for missing objects (and for creates into a missing namespace),
 * AlreadyExists, UID delete preconditions, and graceful deletion of pods bound to a node (deletionTimestamp first,
 * gone on a grace-0 delete). Every committed change is handed to a {@link FakeInformer}. {@link #down} answers 503.
 */
public final class InMemoryApiServer implements AutoCloseable {
    static {
        // without it the JDK server's small responses wait for delayed ACKs (~40 ms a request)
        System.setProperty("sun.net.httpserver.nodelay", "true");
    }

    public record Request(String method, String path, int code) {
    }

    public final List<Request> requests = new CopyOnWriteArrayList<>();
    public final FakeInformer informer = new FakeInformer();
    private final Map<String, ObjectNode> objects = new HashMap<>();
    private final HttpServer server;
    private final ExecutorService executor = Executors.newFixedThreadPool(4);
    private long revision;
    public volatile boolean down;
    /** How far the informer lags behind commits (0: it sees each change before the request returns). */
    public volatile long informerDelayMillis;
    private final ScheduledExecutorService informerThread = Executors.newSingleThreadScheduledExecutor();

    public InMemoryApiServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", this::handle);
        server.setExecutor(executor);
        server.start();
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
        informerThread.shutdownNow();
    }

    // ---- direct access for tests (as another client of the api-server would) ----

    public synchronized <T extends HasMetadata> Optional<T> get(ResourceType<T> type, String namespace, String name) {
        return Optional.ofNullable(objects.get(key(type.plural(), namespace, name)))
                .map(o -> Json.MAPPER.convertValue(o, type.modelClass()));
    }

    public synchronized <T extends HasMetadata> List<T> list(ResourceType<T> type) {
        List<T> result = new ArrayList<>();
        objects.forEach((k, v) -> {
            if (k.startsWith(type.plural() + "|")) {
                result.add(Json.MAPPER.convertValue(v, type.modelClass()));
            }
        });
        return result;
    }

    /** Stores the object as a client's create would (uid, resourceVersion set). */
    public synchronized <T extends HasMetadata> T create(ResourceType<T> type, T object) {
        ObjectNode node = Json.MAPPER.valueToTree(object);
        String ns = type.namespaced() ? object.getMetadata().getNamespace() : null;
        return Json.MAPPER.convertValue(commitCreate(type, ns, node), type.modelClass());
    }

    /** Replaces the stored object (status included) with a new resourceVersion, as a controller's write. */
    public synchronized <T extends HasMetadata> T replace(ResourceType<T> type, T object) {
        ObjectNode node = Json.MAPPER.valueToTree(object);
        String ns = type.namespaced() ? object.getMetadata().getNamespace() : null;
        node.withObjectProperty("metadata").put("resourceVersion", Long.toString(++revision));
        objects.put(key(type.plural(), ns, object.getMetadata().getName()), node);
        publish(type, node, false);
        return Json.MAPPER.convertValue(node, type.modelClass());
    }

    /** A user's delete: graceful for a pod bound to a node (default grace period), else immediate. */
    public synchronized void delete(ResourceType<?> type, String namespace, String name, boolean graceful) {
        String key = key(type.plural(), namespace, name);
        ObjectNode node = objects.get(key);
        if (node == null) {
            return;
        }
        if (graceful && type == Resources.PODS && node.path("spec").hasNonNull("nodeName")) {
            node.withObjectProperty("metadata").put("deletionTimestamp", Instant.now().toString());
            node.withObjectProperty("metadata").put("deletionGracePeriodSeconds", 30);
            node.withObjectProperty("metadata").put("resourceVersion", Long.toString(++revision));
            publish(type, node, false);
        } else {
            objects.remove(key);
            publish(type, node, true);
        }
    }

    public long count(String method, Predicate<String> path) {
        return requests.stream().filter(r -> r.method().equals(method) && path.test(r.path())).count();
    }

    // ---- HTTP ----

    private void handle(HttpExchange exchange) throws IOException {
        String method = exchange.getRequestMethod();
        String path = exchange.getRequestURI().getPath();
        byte[] body = exchange.getRequestBody().readAllBytes();
        int code;
        JsonNode answer;
        if (down) {
            code = 503;
            answer = status(503, "ServiceUnavailable", "down for the test");
        } else {
            Object[] result = serve(method, path, body);
            code = (Integer) result[0];
            answer = (JsonNode) result[1];
        }
        requests.add(new Request(method, path, code));
        byte[] bytes = Json.write(answer);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(code, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }

    private synchronized Object[] serve(String method, String path, byte[] body) {
        String[] all = path.split("/");
        int start = path.startsWith("/api/") ? 3 : 4; // "", api, v1 | "", apis, group, version
        List<String> segs = Arrays.asList(all).subList(Math.min(start, all.length), all.length);
        String ns = null;
        if (segs.size() >= 3 && segs.get(0).equals("namespaces")) {
            ns = segs.get(1);
            segs = segs.subList(2, segs.size());
        }
        String plural = segs.get(0);
        ResourceType<?> type = Resources.ALL.stream().filter(t -> t.plural().equals(plural)).findFirst().orElseThrow();
        String name = segs.size() > 1 ? segs.get(1) : null;
        String sub = segs.size() > 2 ? segs.get(2) : null;
        String key = key(plural, ns, name);
        ObjectNode stored = name == null ? null : objects.get(key);
        ObjectNode in = body.length == 0 ? null : (ObjectNode) Json.read(body, JsonNode.class);
        switch (method) {
            case "POST" -> {
                ObjectNode meta = in.withObjectProperty("metadata");
                String n = meta.path("name").asText();
                if (ns != null && !objects.containsKey(key("namespaces", null, ns))) {
                    return new Object[]{404, status(404, "NotFound", "namespaces \"" + ns + "\" not found")};
                }
                if (objects.containsKey(key(plural, ns, n))) {
                    return new Object[]{409, status(409, "AlreadyExists", plural + " \"" + n + "\" already exists")};
                }
                return new Object[]{201, commitCreate(type, ns, in)};
            }
            case "GET" -> {
                return stored == null ? notFound(plural, name) : new Object[]{200, stored};
            }
            case "PUT" -> {
                if (stored == null) {
                    return notFound(plural, name);
                }
                String rv = in.path("metadata").path("resourceVersion").asText("");
                if (!rv.isEmpty() && !rv.equals(stored.path("metadata").path("resourceVersion").asText())) {
                    return new Object[]{409, status(409, "Conflict", "the object has been modified")};
                }
                ObjectNode next;
                if ("status".equals(sub)) {
                    next = stored.deepCopy();
                    if (in.has("status")) {
                        next.set("status", in.get("status"));
                    }
                } else {
                    next = in.deepCopy();
                    ObjectNode meta = next.withObjectProperty("metadata");
                    for (String kept : List.of("uid", "creationTimestamp", "deletionTimestamp", "namespace")) {
                        if (stored.path("metadata").has(kept)) {
                            meta.set(kept, stored.path("metadata").get(kept));
                        }
                    }
                    if (stored.has("status")) {
                        next.set("status", stored.get("status"));
                    }
                }
                next.withObjectProperty("metadata").put("resourceVersion", Long.toString(++revision));
                objects.put(key, next);
                publish(type, next, false);
                return new Object[]{200, next};
            }
            case "DELETE" -> {
                if (stored == null) {
                    return notFound(plural, name);
                }
                String uid = in == null ? "" : in.path("preconditions").path("uid").asText("");
                if (!uid.isEmpty() && !uid.equals(stored.path("metadata").path("uid").asText())) {
                    return new Object[]{409, status(409, "Conflict", "Precondition failed: UID in precondition: " + uid)};
                }
                boolean graceZero = in != null && in.path("gracePeriodSeconds").asLong(-1) == 0;
                delete(type, ns, name, !graceZero);
                return new Object[]{200, stored};
            }
            default -> {
                return new Object[]{405, status(405, "MethodNotAllowed", method)};
            }
        }
    }

    private ObjectNode commitCreate(ResourceType<?> type, String ns, ObjectNode in) {
        ObjectNode meta = in.withObjectProperty("metadata");
        meta.put("uid", UUID.randomUUID().toString());
        meta.put("resourceVersion", Long.toString(++revision));
        meta.put("creationTimestamp", Instant.now().toString());
        if (ns != null) {
            meta.put("namespace", ns);
        }
        in.put("apiVersion", type.apiVersion());
        in.put("kind", type.kind());
        if (type == Resources.PODS) {
            in.set("status", Json.MAPPER.createObjectNode().put("phase", "Pending"));
        }
        objects.put(key(type.plural(), ns, meta.path("name").asText()), in);
        publish(type, in, false);
        return in;
    }

    private <T extends HasMetadata> void publish(ResourceType<T> type, ObjectNode node, boolean deleted) {
        T object = Json.MAPPER.convertValue(node, type.modelClass());
        long delay = informerDelayMillis;
        if (delay <= 0) {
            informer.apply(type, object, deleted);
        } else { // one thread, increasing due times: still delivered in commit order
            informerThread.schedule(() -> informer.apply(type, object, deleted), delay, TimeUnit.MILLISECONDS);
        }
    }

    private static Object[] notFound(String plural, String name) {
        return new Object[]{404, status(404, "NotFound", plural + " \"" + name + "\" not found")};
    }

    private static ObjectNode status(int code, String reason, String message) {
        ObjectNode s = Json.MAPPER.createObjectNode();
        s.put("kind", "Status").put("apiVersion", "v1").put("status", "Failure").put("code", code)
                .put("reason", reason).put("message", message);
        return s;
    }

    private static String key(String plural, String ns, String name) {
        return plural + "|" + (ns == null ? "" : ns) + "|" + name;
    }
}
