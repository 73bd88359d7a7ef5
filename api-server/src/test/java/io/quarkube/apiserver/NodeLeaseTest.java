package io.quarkube.apiserver;

import io.quarkube.infra.QuarkubeTestInfra;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.util.UUID;

import static io.quarkube.apiserver.ApiServerTest.api;
import static org.hamcrest.Matchers.equalTo;

/**
 * Node heartbeats as the kubelet sends them: a Lease in kube-node-lease (which exists from startup) whose renewTime
 * is a MicroTime, kept to the microsecond and renewed by PUT with optimistic concurrency.
 */
@QuarkusTest
@WithTestResource(value = QuarkubeTestInfra.class, scope = TestResourceScope.GLOBAL)
class NodeLeaseTest {
    private static final String LEASES = "/apis/coordination.k8s.io/v1/namespaces/kube-node-lease/leases";

    @Test
    void aNodeLeaseKeepsItsMicroTimeAndIsRenewedWithItsResourceVersion() {
        api().get("/api/v1/namespaces/kube-node-lease").then().statusCode(200);
        String name = "node-" + UUID.randomUUID().toString().substring(0, 8);
        String lease = """
                {"apiVersion":"coordination.k8s.io/v1","kind":"Lease","metadata":{"name":"%s",
                  "ownerReferences":[{"apiVersion":"v1","kind":"Node","name":"%s","uid":"%s"}]%s},
                 "spec":{"holderIdentity":"%s","leaseDurationSeconds":40,"renewTime":"%s"}}""";
        String rv = api().body(lease.formatted(name, name, "u-1", "", name, "2030-01-02T03:04:05.123456Z"))
                .post(LEASES).then().statusCode(201)
                .body("spec.renewTime", equalTo("2030-01-02T03:04:05.123456Z"))
                .extract().path("metadata.resourceVersion");

        api().body(lease.formatted(name, name, "u-1", ",\"resourceVersion\":\"" + rv + "\"", name,
                "2030-01-02T03:04:15.000001Z")).put(LEASES + "/" + name).then().statusCode(200);
        api().get(LEASES + "/" + name).then().statusCode(200)
                .body("spec.renewTime", equalTo("2030-01-02T03:04:15.000001Z"))
                .body("metadata.ownerReferences[0].kind", equalTo("Node"));
        api().body(lease.formatted(name, name, "u-1", ",\"resourceVersion\":\"" + rv + "\"", name,
                "2030-01-02T03:04:25.000000Z")).put(LEASES + "/" + name).then().statusCode(409);
    }
}
