package io.quarkube.kubelet;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.quarkube.api.Resources;
import io.quarkube.kubelet.staticpods.ConfigAnnotations;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.ZonedDateTime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The whole agent as Quarkus wires it: Leases, static pods and their mirrors, the lateness metric. */
@QuarkusTest
@WithTestResource(AgentWithApiServer.class)
class KubeletAgentTest {
    private static final Duration WAIT = Duration.ofSeconds(20);

    @TestHTTPResource("/q/metrics")
    URI metrics;

    @Test
    void nodesHeartbeatThroughLeasesAndTheStaticPodRunsWithItsMirror() throws Exception {
        InMemoryApiServer server = AgentWithApiServer.server;
        Eventually.await(WAIT, () -> server.get(Resources.LEASES, "kube-node-lease", "quarkube-node-2").isPresent(),
                () -> "requests " + server.requests);
        ZonedDateTime renewed = server.get(Resources.LEASES, "kube-node-lease", "quarkube-node-1").orElseThrow()
                .getSpec().getRenewTime();
        Eventually.await(WAIT, () -> server.get(Resources.LEASES, "kube-node-lease", "quarkube-node-1")
                .map(Lease::getSpec).map(s -> s.getRenewTime().isAfter(renewed)).orElse(false), () -> "not renewed");

        // the static pod runs on node 1 and its mirror shows it Running
        Eventually.await(WAIT, () -> server.get(Resources.PODS, "default", "static-web-quarkube-node-1")
                .map(p -> "Running".equals(p.getStatus().getPhase())).orElse(false),
                () -> "mirror " + server.get(Resources.PODS, "default", "static-web-quarkube-node-1"));
        Pod mirror = server.get(Resources.PODS, "default", "static-web-quarkube-node-1").orElseThrow();
        assertTrue(ConfigAnnotations.isMirrorPod(mirror));
        assertEquals("quarkube-node-1", mirror.getSpec().getNodeName());

        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(metrics).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode());
        assertTrue(response.body().contains("kubelet_node_lease_renew_lateness_seconds{quantile=\"0.99\""),
                response.body().lines().filter(l -> l.contains("lease")).toList().toString());
        assertTrue(response.body().contains("kubelet_node_lease_renewals_total{result=\"success\""));
    }
}
