package io.quarkube.controllermanager.gc;

import com.sun.net.httpserver.HttpServer;
import io.quarkube.api.Resources;
import io.quarkube.api.client.ApiClient;
import io.quarkube.api.json.Json;
import io.quarkube.controllermanager.TestCaches;
import io.quarkube.controllermanager.controller.RealObjectControl;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;

import static io.quarkube.controllermanager.Fixtures.replicaSet;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The live check against a stand-in api-server that knows one ReplicaSet, default/live. */
class OwnerLookupTest {
    private final TestCaches cache = new TestCaches();
    private final List<String> requests = new ArrayList<>();
    private HttpServer server;
    private OwnerLookup lookup;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            requests.add(exchange.getRequestURI().getPath());
            boolean known = exchange.getRequestURI().getPath().endsWith("/replicasets/live");
            byte[] body = known ? Json.write(replicaSet("live", 1))
                    : "{\"kind\":\"Status\",\"code\":404,\"reason\":\"NotFound\"}".getBytes();
            exchange.sendResponseHeaders(known ? 200 : 404, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        ApiClient api = new ApiClient("http://127.0.0.1:" + server.getAddress().getPort(), "");
        lookup = OwnerLookup.cachedThenLive(cache.caches, new RealObjectControl(api));
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private boolean exists(String name, String uid) {
        return lookup.find(new ObjectRef(Resources.REPLICASETS, "default", name), uid).isPresent();
    }

    @Test
    void cachedOwnerNeedsNoRequest() {
        cache.lister(Resources.REPLICASETS).put(replicaSet("web", 1));
        assertTrue(exists("web", "uid-web"));
        assertTrue(requests.isEmpty());
    }

    @Test
    void ownerAbsentFromTheCacheIsAskedForLive() {
        assertTrue(exists("live", "uid-live"));
        assertFalse(exists("live", "uid-of-an-older-live"));
        assertFalse(exists("gone", "uid-gone"));
        assertEquals("/apis/apps/v1/namespaces/default/replicasets/gone", requests.get(2));
        assertFalse(exists("gone", "uid-gone"));
        assertEquals(3, requests.size(), "an owner confirmed gone is not asked for again");
    }
}
