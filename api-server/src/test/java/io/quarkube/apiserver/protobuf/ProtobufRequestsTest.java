package io.quarkube.apiserver.protobuf;

import io.kubernetes.client.proto.Resource.Quantity;
import io.kubernetes.client.proto.V1;
import io.quarkube.infra.QuarkubeTestInfra;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.Arrays;

import static io.quarkube.apiserver.protobuf.ClientGoEnvelope.goMeta;
import static io.quarkube.apiserver.protobuf.ClientGoEnvelope.wrap;
import static io.quarkube.apiserver.protobuf.KubectlProtobufBodiesTest.resource;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

/** The bodies kubectl's typed clients POST in protobuf create objects, and broken ones get a 400 Status. */
@QuarkusTest
@WithTestResource(value = QuarkubeTestInfra.class, scope = TestResourceScope.GLOBAL)
class ProtobufRequestsTest {

    private static RequestSpecification protobuf(byte[] body) {
        return RestAssured.given().header("Authorization", "Bearer test-admin-token")
                .contentType(ProtobufBodies.MEDIA_TYPE).accept("application/vnd.kubernetes.protobuf,application/json")
                .body(body);
    }

    private static RequestSpecification json() {
        return RestAssured.given().header("Authorization", "Bearer test-admin-token");
    }

    @Test
    void kubectlCreateNamespaceBodyCreatesTheNamespace() throws IOException {
        protobuf(resource("namespace-x.bin")).post("/api/v1/namespaces?fieldManager=kubectl-create")
                .then().statusCode(201).contentType(containsString("application/json"))
                .body("kind", equalTo("Namespace"))
                .body("metadata.name", equalTo("x"));
        json().get("/api/v1/namespaces/x").then().statusCode(200)
                .body("status.phase", equalTo("Active"));
    }

    @Test
    void kubectlCreateDeploymentJobAndCronJobBodiesCreateThem() throws IOException {
        protobuf(resource("deployment-d.bin")).post("/apis/apps/v1/namespaces/default/deployments")
                .then().statusCode(201)
                .body("spec.replicas", equalTo(2))
                .body("spec.selector.matchLabels.app", equalTo("d"))
                .body("spec.template.spec.containers[0].image", equalTo("nginx"));
        protobuf(resource("job-j.bin")).post("/apis/batch/v1/namespaces/default/jobs")
                .then().statusCode(201)
                .body("spec.template.spec.containers[0].command[1]", equalTo("hi"))
                .body("spec.template.spec.restartPolicy", equalTo("Never"));
        protobuf(resource("cronjob-cj.bin")).post("/apis/batch/v1/namespaces/default/cronjobs")
                .then().statusCode(201)
                .body("spec.schedule", equalTo("*/1 * * * *"));
        json().get("/apis/apps/v1/namespaces/default/deployments/d").then().statusCode(200)
                .body("spec.replicas", equalTo(2));
    }

    @Test
    void podWithQuantitiesCreatedFromProtobuf() {
        V1.Pod pod = V1.Pod.newBuilder().setMetadata(goMeta("proto-pod").putLabels("app", "proto"))
                .setSpec(V1.PodSpec.newBuilder().setRestartPolicy("").setNodeName("")
                        .addContainers(V1.Container.newBuilder().setName("c").setImage("nginx:1.27")
                                .setResources(V1.ResourceRequirements.newBuilder()
                                        .putRequests("cpu", Quantity.newBuilder().setString("250m").build()))))
                .build();
        protobuf(wrap("v1", "Pod", pod)).post("/api/v1/namespaces/default/pods")
                .then().statusCode(201)
                .body("spec.containers[0].resources.requests.cpu", equalTo("250m"))
                .body("spec.restartPolicy", equalTo("Always"))
                .body("status.qosClass", equalTo("Burstable"));
    }

    @Test
    void corruptProtobufIsABadRequestStatus() throws IOException {
        byte[] truncated = Arrays.copyOf(resource("deployment-d.bin"), 120);
        protobuf(truncated).post("/apis/apps/v1/namespaces/default/deployments")
                .then().statusCode(400)
                .body("kind", equalTo("Status"))
                .body("reason", equalTo("BadRequest"))
                .body("message", containsString("could not be decoded"));
        protobuf(new byte[]{1, 2, 3}).post("/api/v1/namespaces")
                .then().statusCode(400)
                .body("reason", equalTo("BadRequest"))
                .body("message", containsString("envelope"));
    }
}
