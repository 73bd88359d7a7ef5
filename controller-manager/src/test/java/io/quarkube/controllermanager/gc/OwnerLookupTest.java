package io.quarkube.controllermanager.gc;

import com.sun.net.httpserver.HttpServer;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.quarkube.api.Resources;
import io.quarkube.api.client.ApiClient;
import io.quarkube.api.json.Json;
import io.quarkube.controllermanager.MapLister;
import io.quarkube.controllermanager.controller.ControllerRefs;
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
    private final MapLister<ReplicaSet> cache = new MapLister<>();
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
        lookup = OwnerLookup.cachedThenLive(cache, api, Resources.REPLICASETS);
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private static OwnerReference ref(String name, String uid) {
        ReplicaSet rs = replicaSet(name, 1);
        rs.getMetadata().setUid(uid);
        return ControllerRefs.newControllerRef(rs, "apps/v1", "ReplicaSet");
    }

    @Test
    void cachedOwnerNeedsNoRequest() {
        cache.put(replicaSet("web", 1));
        assertTrue(lookup.exists("default", ref("web", "uid-web")));
        assertTrue(requests.isEmpty());
    }

    @Test
    void ownerAbsentFromTheCacheIsAskedForLive() {
        assertTrue(lookup.exists("default", ref("live", "uid-live")));
        assertFalse(lookup.exists("default", ref("live", "uid-of-an-older-live")));
        assertFalse(lookup.exists("default", ref("gone", "uid-gone")));
        assertEquals("/apis/apps/v1/namespaces/default/replicasets/gone", requests.get(2));
    }
}
