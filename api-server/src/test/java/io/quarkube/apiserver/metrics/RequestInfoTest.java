package io.quarkube.apiserver.metrics;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RequestInfoTest {
    private static RequestInfo parse(String method, String path) {
        return RequestInfo.parse(method, path, null);
    }

    @Test
    void verbsAsKubernetesNamesThem() {
        assertEquals(new RequestInfo("list", "", "pods", "", false), parse("GET", "/api/v1/pods"));
        assertEquals(new RequestInfo("list", "", "pods", "", false), parse("GET", "/api/v1/namespaces/a/pods"));
        assertEquals(new RequestInfo("get", "", "pods", "", false), parse("GET", "/api/v1/namespaces/a/pods/p"));
        assertEquals(new RequestInfo("create", "", "pods", "", false), parse("POST", "/api/v1/namespaces/a/pods"));
        assertEquals(new RequestInfo("update", "", "pods", "status", false),
                parse("PUT", "/api/v1/namespaces/a/pods/p/status"));
        assertEquals(new RequestInfo("create", "", "pods", "binding", false),
                parse("POST", "/api/v1/namespaces/a/pods/p/binding"));
        assertEquals(new RequestInfo("patch", "apps", "deployments", "scale", false),
                parse("PATCH", "/apis/apps/v1/namespaces/a/deployments/d/scale"));
        assertEquals(new RequestInfo("delete", "", "nodes", "", false), parse("DELETE", "/api/v1/nodes/n"));
        assertEquals(new RequestInfo("deletecollection", "", "pods", "", false),
                parse("DELETE", "/api/v1/namespaces/a/pods"));
    }

    @Test
    void watchesAndLogsAreLongRunning() {
        RequestInfo watch = RequestInfo.parse("GET", "/api/v1/pods", "true");
        assertEquals("watch", watch.verb());
        assertTrue(watch.longRunning());
        assertEquals(new RequestInfo("watch", "coordination.k8s.io", "leases", "", true),
                parse("GET", "/apis/coordination.k8s.io/v1/watch/namespaces/kube-node-lease/leases"));
        assertTrue(parse("GET", "/api/v1/namespaces/a/pods/p/log").longRunning());
        assertFalse(parse("GET", "/api/v1/namespaces/a/pods/p").longRunning());
    }

    @Test
    void namespacesThemselvesAndTheirSubresources() {
        assertEquals(new RequestInfo("get", "", "namespaces", "", false), parse("GET", "/api/v1/namespaces/a"));
        assertEquals(new RequestInfo("update", "", "namespaces", "finalize", false),
                parse("PUT", "/api/v1/namespaces/a/finalize"));
        assertEquals(new RequestInfo("list", "", "namespaces", "", false), parse("GET", "/api/v1/namespaces"));
    }

    @Test
    void discoveryAndOtherPaths() {
        assertEquals(new RequestInfo("get", "", "", "", false), parse("GET", "/api/v1"));
        assertEquals(new RequestInfo("get", "apps", "", "", false), parse("GET", "/apis/apps/v1/"));
        assertNull(parse("GET", "/q/metrics"));
        assertNull(parse("GET", "/version"));
    }

    @Test
    void unknownResourcesAreBoundedToOther() {
        assertEquals(new RequestInfo("get", "", "other", "", false),
                parse("GET", "/api/v1/namespaces/a/made-up-1234/x").bounded());
        assertEquals(new RequestInfo("create", "", "pods", "other", false),
                parse("POST", "/api/v1/namespaces/a/pods/p/exec-1234").bounded());
        assertEquals(new RequestInfo("list", "other", "other", "", false),
                parse("GET", "/apis/random.example/v1/things").bounded());
        assertEquals(new RequestInfo("update", "", "pods", "status", false),
                parse("PUT", "/api/v1/namespaces/a/pods/p/status").bounded());
    }
}
