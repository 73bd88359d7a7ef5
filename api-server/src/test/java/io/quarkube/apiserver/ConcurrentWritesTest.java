package io.quarkube.apiserver;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkube.api.json.Json;
import io.quarkube.infra.QuarkubeTestInfra;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Writes to one object from many clients at once: none is lost (the store retries a write whose object changed
 * since it was read), every write gets its own resourceVersion, and Kafka carries them in resourceVersion order.
 */
@QuarkusTest
@WithTestResource(value = QuarkubeTestInfra.class, scope = TestResourceScope.GLOBAL)
class ConcurrentWritesTest {
    private static final int THREADS = 6;
    private static final int WRITES = 8;

    @TestHTTPResource("/")
    URI base;

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void concurrentPatchesAndPutsOfOneObjectAreAllKept() throws Exception {
        String name = "c-" + UUID.randomUUID().toString().substring(0, 8);
        String path = "apis/coordination.k8s.io/v1/namespaces/default/leases/";
        assertEquals(201, send("POST", path, "application/json", """
                {"apiVersion":"coordination.k8s.io/v1","kind":"Lease","metadata":{"name":"%s"},
                 "spec":{"holderIdentity":"start"}}""".formatted(name)).statusCode());

        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        Set<Long> versions = new HashSet<>();
        // patches of different annotations, all at once: none may be lost
        for (Future<List<Long>> f : runAll(pool, thread -> {
            List<Long> mine = new ArrayList<>();
            for (int w = 0; w < WRITES; w++) {
                HttpResponse<String> r = send("PATCH", path + name, "application/merge-patch+json",
                        "{\"metadata\":{\"annotations\":{\"t%d-w%d\":\"x\"}}}".formatted(thread, w));
                assertEquals(200, r.statusCode(), r.body());
                mine.add(version(r.body()));
            }
            return mine;
        })) {
            versions.addAll(f.get());
        }
        JsonNode patched = Json.read(send("GET", path + name, null, null).body().getBytes(), JsonNode.class);
        assertEquals(THREADS * WRITES, patched.path("metadata").path("annotations").size(), patched.toString());

        // unconditional PUTs (no resourceVersion) at once: each is applied, none answers 409
        for (Future<List<Long>> f : runAll(pool, thread -> {
            ObjectNode lease = (ObjectNode) patched.deepCopy();
            ((ObjectNode) lease.get("metadata")).remove("resourceVersion");
            ((ObjectNode) lease.get("spec")).put("holderIdentity", "t" + thread);
            HttpResponse<String> put = send("PUT", path + name, "application/json", lease.toString());
            assertEquals(200, put.statusCode(), put.body());
            return List.of(version(put.body()));
        })) {
            versions.addAll(f.get());
        }
        pool.shutdown();
        int writes = THREADS * (WRITES + 1);
        assertEquals(writes, versions.size(), "every write got its own resourceVersion");

        JsonNode last = Json.read(send("GET", path + name, null, null).body().getBytes(), JsonNode.class);
        assertEquals(THREADS * WRITES, last.path("metadata").path("annotations").size());
        List<ConsumerRecord<String, byte[]>> records = ApiServerTest.readTopic(
                "quarkube.coordination.k8s.io.v1.leases", "default/" + name, 1 + writes);
        assertEquals(1 + writes, records.size(), "one Kafka record per write");
        long previous = 0;
        for (ConsumerRecord<String, byte[]> r : records) {
            long rv = version(new String(r.value()));
            assertTrue(rv > previous, "Kafka records in resourceVersion order: " + rv + " after " + previous);
            previous = rv;
        }
        assertEquals(version(last.toString()), previous, "the last record is the stored object");
    }

    private interface Work {
        List<Long> run(int thread) throws Exception;
    }

    private static List<Future<List<Long>>> runAll(ExecutorService pool, Work work) {
        List<Future<List<Long>>> futures = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            int thread = t;
            futures.add(pool.submit(() -> work.run(thread)));
        }
        return futures;
    }

    private HttpResponse<String> send(String method, String path, String contentType, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve(path))
                .header("Authorization", "Bearer test-admin-token")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static long version(String json) {
        return Long.parseLong(Json.read(json.getBytes(), JsonNode.class).path("metadata").path("resourceVersion")
                .asText());
    }
}
