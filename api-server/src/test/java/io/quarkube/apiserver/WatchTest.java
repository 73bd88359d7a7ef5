package io.quarkube.apiserver;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkube.infra.QuarkubeTestInfra;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static io.quarkube.apiserver.ApiServerTest.api;
import static io.quarkube.apiserver.ApiServerTest.pod;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Watches served from the Kafka-fed watch cache, with the semantics kubectl, client-go and fabric8 rely on. */
@QuarkusTest
@WithTestResource(value = QuarkubeTestInfra.class, scope = TestResourceScope.GLOBAL)
class WatchTest {
    private static final Duration WAIT = Duration.ofSeconds(20);

    private static String namespace() {
        String ns = "w-" + UUID.randomUUID().toString().substring(0, 8);
        api().body("{\"metadata\":{\"name\":\"" + ns + "\"}}").post("/api/v1/namespaces").then().statusCode(201);
        return ns;
    }

    private static String listVersion(String path) {
        return api().get(path).then().statusCode(200).extract().path("metadata.resourceVersion");
    }

    @Test
    void aWatchFromAListVersionSeesEveryLaterChangeInOrder() throws Exception {
        String ns = namespace();
        String pods = "/api/v1/namespaces/" + ns + "/pods";
        api().body(pod("before")).post(pods).then().statusCode(201);
        String rv = listVersion(pods);
        try (WatchStream watch = WatchStream.open(pods + "?watch=true&resourceVersion=" + rv)) {
            assertEquals(200, watch.status);
            api().body(pod("p1")).post(pods).then().statusCode(201);
            Map<String, Object> p1 = api().get(pods + "/p1").then().extract().as(Map.class);
            ((Map<String, Object>) p1.get("metadata")).put("labels", Map.of("app", "changed"));
            api().body(p1).put(pods + "/p1").then().statusCode(200);
            api().delete(pods + "/p1").then().statusCode(200);

            List<JsonNode> events = watch.take(3, WAIT);
            assertEquals(List.of("ADDED", "MODIFIED", "DELETED"), events.stream().map(e -> e.get("type").asText()).toList());
            assertTrue(events.stream().allMatch(e -> e.at("/object/metadata/name").asText().equals("p1")),
                    "the pod created before the list version is not replayed: " + events);
            assertEquals("Pod", events.get(0).at("/object/kind").asText());
            assertIncreasing(events);
        }
    }

    @Test
    void aWatchWithoutVersionStartsWithTheCurrentObjects() throws Exception {
        String ns = namespace();
        String pods = "/api/v1/namespaces/" + ns + "/pods";
        api().body(pod("a")).post(pods).then().statusCode(201);
        api().body(pod("b")).post(pods).then().statusCode(201);
        awaitInCache(pods, 2);
        try (WatchStream watch = WatchStream.open(pods + "?watch=1")) {
            List<JsonNode> events = watch.take(2, WAIT);
            assertEquals(Set.of("a", "b"), names(events));
            assertTrue(events.stream().allMatch(e -> e.get("type").asText().equals("ADDED")));
        }
    }

    @Test
    void anObjectLeavingTheSelectorIsDeletedForThatWatcher() throws Exception {
        String ns = namespace();
        String pods = "/api/v1/namespaces/" + ns + "/pods";
        String rv = listVersion(pods);
        try (WatchStream watch = WatchStream.open(pods + "?watch=true&labelSelector=tier%3Dfront&resourceVersion=" + rv)) {
            api().body(pod("sel")).post(pods).then().statusCode(201);
            Map<String, Object> p = api().get(pods + "/sel").then().extract().as(Map.class);
            ((Map<String, Object>) p.get("metadata")).put("labels", Map.of("tier", "back"));
            api().body(p).put(pods + "/sel").then().statusCode(200);
            List<JsonNode> events = watch.take(2, WAIT);
            assertEquals(List.of("ADDED", "DELETED"), events.stream().map(e -> e.get("type").asText()).toList());
        }
    }

    @Test
    void aVersionOlderThanTheRetainedHistoryIsGone() {
        String ns = namespace();
        String pods = "/api/v1/namespaces/" + ns + "/pods";
        String old = listVersion(pods);
        for (int i = 0; i < 110; i++) { // 220 events, more than the 200 the test profile retains
            api().body(pod("churn-" + i)).post(pods).then().statusCode(201);
            api().delete(pods + "/churn-" + i).then().statusCode(200);
        }
        awaitVersion(pods, Long.parseLong(listVersion(pods)));
        try (WatchStream watch = WatchStream.open(pods + "?watch=true&resourceVersion=" + old)) {
            assertEquals(410, watch.status);
        }
    }

    @Test
    void aWatchEndsAfterTimeoutSecondsAndSendsBookmarksWhenAllowed() throws Exception {
        String pods = "/api/v1/namespaces/" + namespace() + "/pods";
        String rv = listVersion(pods);
        try (WatchStream watch = WatchStream.open(pods + "?watch=true&allowWatchBookmarks=true&timeoutSeconds=3"
                + "&resourceVersion=" + rv)) {
            JsonNode bookmark = watch.next(WAIT);
            assertNotNull(bookmark);
            assertEquals("BOOKMARK", bookmark.get("type").asText());
            assertEquals("Pod", bookmark.at("/object/kind").asText());
            JsonNode next;
            do {
                next = watch.next(Duration.ofSeconds(10));
                assertNotNull(next, "the stream must end after timeoutSeconds");
            } while (next != WatchStream.END);
        }
    }

    @Test
    void kubectlGetWatchReceivesOneRowTablesWithColumnsOnlyFirst() throws Exception {
        String pods = "/api/v1/namespaces/" + namespace() + "/pods";
        String rv = listVersion(pods);
        String accept = "application/json;as=Table;v=v1;g=meta.k8s.io,application/json;as=Table;v=v1beta1;"
                + "g=meta.k8s.io,application/json";
        try (WatchStream watch = WatchStream.open(pods + "?watch=true&resourceVersion=" + rv, accept,
                "test-admin-token")) {
            api().body(pod("t1")).post(pods).then().statusCode(201);
            api().body(pod("t2")).post(pods).then().statusCode(201);
            List<JsonNode> events = watch.take(2, WAIT);
            assertEquals(2, events.size());
            assertEquals("Table", events.get(0).at("/object/kind").asText());
            assertEquals("Name", events.get(0).at("/object/columnDefinitions/0/name").asText());
            assertTrue(events.get(1).at("/object/columnDefinitions").isMissingNode()
                    || events.get(1).at("/object/columnDefinitions").isEmpty(), "only the first has columns");
            assertEquals("t2", events.get(1).at("/object/rows/0/cells/0").asText());
            assertEquals("PartialObjectMetadata", events.get(1).at("/object/rows/0/object/kind").asText());
        }
    }

    @Test
    void aWebSocketUpgradeGetsOneTextFramePerEvent() throws Exception {
        String pods = "/api/v1/namespaces/" + namespace() + "/pods";
        String rv = listVersion(pods);
        java.util.concurrent.BlockingQueue<String> frames = new java.util.concurrent.LinkedBlockingQueue<>();
        java.net.http.WebSocket socket = java.net.http.HttpClient.newHttpClient().newWebSocketBuilder()
                .header("Authorization", "Bearer test-admin-token")
                .buildAsync(java.net.URI.create("ws://localhost:" + io.restassured.RestAssured.port + pods
                        + "?watch=true&resourceVersion=" + rv), new java.net.http.WebSocket.Listener() {
                            @Override
                            public java.util.concurrent.CompletionStage<?> onText(java.net.http.WebSocket ws,
                                                                                 CharSequence data, boolean last) {
                                frames.add(data.toString());
                                ws.request(1);
                                return null;
                            }
                        }).get(10, java.util.concurrent.TimeUnit.SECONDS);
        try {
            api().body(pod("ws")).post(pods).then().statusCode(201);
            String frame = frames.poll(20, java.util.concurrent.TimeUnit.SECONDS);
            assertNotNull(frame, "an ADDED event arrives as a text frame");
            JsonNode event = io.quarkube.api.json.Json.MAPPER.readTree(frame);
            assertEquals("ADDED", event.get("type").asText());
            assertEquals("ws", event.at("/object/metadata/name").asText());
        } finally {
            socket.abort();
        }
    }

    @Test
    void watchingNeedsAToken() {
        try (WatchStream watch = WatchStream.open("/api/v1/pods?watch=true", "application/json", null)) {
            assertEquals(401, watch.status);
        }
    }

    /** 1,000 writes by 4 concurrent writers, 3 watchers: each sees every change once, in resourceVersion order. */
    @Test
    void underChurnEveryWatcherSeesEveryChangeOnceAndInOrder() throws Exception {
        String ns = namespace();
        String pods = "/api/v1/namespaces/" + ns + "/pods";
        String rv = listVersion(pods);
        List<WatchStream> watchers = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            watchers.add(WatchStream.open(pods + "?watch=true&resourceVersion=" + rv));
        }
        ExecutorService writers = Executors.newFixedThreadPool(4);
        List<Future<List<String>>> written = new ArrayList<>();
        for (int w = 0; w < 4; w++) {
            int writer = w;
            written.add(writers.submit(() -> writes(pods, writer)));
        }
        Set<String> versions = new HashSet<>();
        for (Future<List<String>> f : written) {
            versions.addAll(f.get());
        }
        writers.shutdown();
        assertEquals(1000, versions.size());
        for (WatchStream watch : watchers) {
            List<JsonNode> events = watch.take(1000, Duration.ofSeconds(60));
            assertEquals(1000, events.size(), "every change reaches every watcher");
            assertIncreasing(events);
            Set<String> seen = new HashSet<>();
            events.forEach(e -> seen.add(e.at("/object/metadata/resourceVersion").asText()));
            assertEquals(versions, seen, "exactly the committed changes, none twice");
            watch.close();
        }
    }

    /** 250 writes: 50 pods, each created, relabelled three times and deleted. Returns the versions written. */
    private static List<String> writes(String pods, int writer) {
        List<String> versions = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            String name = "c" + writer + "-" + i;
            Map<String, Object> p = api().body(pod(name)).post(pods).then().statusCode(201).extract().as(Map.class);
            versions.add((String) ((Map<String, Object>) p.get("metadata")).get("resourceVersion"));
            for (int change = 0; change < 3; change++) {
                ((Map<String, Object>) p.get("metadata")).put("labels", Map.of("change", Integer.toString(change)));
                p = api().body(p).put(pods + "/" + name).then().statusCode(200).extract().as(Map.class);
                versions.add((String) ((Map<String, Object>) p.get("metadata")).get("resourceVersion"));
            }
            Map<String, Object> deleted = api().delete(pods + "/" + name).then().statusCode(200).extract().as(Map.class);
            versions.add((String) ((Map<String, Object>) deleted.get("metadata")).get("resourceVersion"));
        }
        return versions;
    }

    private static void assertIncreasing(List<JsonNode> events) {
        long previous = 0;
        for (JsonNode e : events) {
            long rv = Long.parseLong(e.at("/object/metadata/resourceVersion").asText());
            assertTrue(rv > previous, "resourceVersion " + rv + " after " + previous);
            previous = rv;
        }
    }

    private static Set<String> names(List<JsonNode> events) {
        Set<String> names = new HashSet<>();
        events.forEach(e -> names.add(e.at("/object/metadata/name").asText()));
        return names;
    }

    /** Waits until a watch from 0 shows {@code count} objects: the cache has read them from Kafka. */
    private static void awaitInCache(String path, int count) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            try (WatchStream watch = WatchStream.open(path + "?watch=1&timeoutSeconds=1")) {
                if (watch.take(count, Duration.ofSeconds(2)).size() == count) {
                    return;
                }
            }
        }
        throw new AssertionError("the watch cache never showed " + count + " objects of " + path);
    }

    /** Waits until a watch from {@code version} is accepted and the cache has reached it. */
    private static void awaitVersion(String path, long version) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            try (WatchStream watch = WatchStream.open(path + "?watch=1&allowWatchBookmarks=true&timeoutSeconds=2"
                    + "&resourceVersion=" + version)) {
                JsonNode first = watch.next(Duration.ofSeconds(3));
                if (first != null && first.get("type").asText().equals("BOOKMARK")
                        && first.at("/object/metadata/resourceVersion").asLong() >= version) {
                    return;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
