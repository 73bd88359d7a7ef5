package io.quarkube.apiserver;

import io.quarkube.infra.QuarkubeTestInfra;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.util.UUID;

import static io.quarkube.apiserver.ApiServerTest.api;
import static io.quarkube.apiserver.ApiServerTest.pod;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;

/** The scale subresource as kubectl scale and fabric8 scale() use it, and pods/eviction. */
@QuarkusTest
@WithTestResource(value = QuarkubeTestInfra.class, scope = TestResourceScope.GLOBAL)
class ScaleTest {
    private static final String DEPLOYMENTS = "/apis/apps/v1/namespaces/default/deployments";

    private static String deployment() {
        String name = "s-" + UUID.randomUUID().toString().substring(0, 8);
        api().body("""
                {"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"%s"},
                 "spec":{"replicas":3,"selector":{"matchLabels":{"app":"demo"}},
                  "template":{"metadata":{"labels":{"app":"demo"}},"spec":{"containers":[{"name":"c","image":"nginx"}]}}}}"""
                .formatted(name)).post(DEPLOYMENTS).then().statusCode(201);
        return name;
    }

    @Test
    void getScaleShowsReplicasAndTheSelectorString() {
        String name = deployment();
        api().get(DEPLOYMENTS + "/" + name + "/scale").then().statusCode(200)
                .body("kind", equalTo("Scale")).body("apiVersion", equalTo("autoscaling/v1"))
                .body("spec.replicas", equalTo(3)).body("status.selector", equalTo("app=demo"))
                .body("metadata.resourceVersion", notNullValue());
    }

    @Test
    void kubectlScalePatchesReplicasAndBumpsGeneration() {
        String name = deployment();
        api().contentType("application/merge-patch+json").body("{\"spec\":{\"replicas\":5}}")
                .patch(DEPLOYMENTS + "/" + name + "/scale").then().statusCode(200)
                .body("kind", equalTo("Scale")).body("spec.replicas", equalTo(5));
        api().get(DEPLOYMENTS + "/" + name).then().body("spec.replicas", equalTo(5))
                .body("metadata.generation", equalTo(2));
    }

    @Test
    void putScaleChecksTheResourceVersion() {
        String name = deployment();
        String rv = api().get(DEPLOYMENTS + "/" + name + "/scale").then().extract().path("metadata.resourceVersion");
        String scale = "{\"kind\":\"Scale\",\"apiVersion\":\"autoscaling/v1\",\"metadata\":{\"name\":\"" + name
                + "\",\"resourceVersion\":\"%s\"},\"spec\":{\"replicas\":%d}}";
        api().body(scale.formatted(rv, 1)).put(DEPLOYMENTS + "/" + name + "/scale").then().statusCode(200)
                .body("spec.replicas", equalTo(1));
        api().body(scale.formatted(rv, 7)).put(DEPLOYMENTS + "/" + name + "/scale").then().statusCode(409);
        api().body(scale.formatted("", -1).replace(",\"resourceVersion\":\"\"", ""))
                .put(DEPLOYMENTS + "/" + name + "/scale").then().statusCode(422);
    }

    @Test
    void anEvictionDeletesThePod() {
        String name = "evict-" + UUID.randomUUID().toString().substring(0, 8);
        api().body(pod(name)).post("/api/v1/namespaces/default/pods").then().statusCode(201);
        api().body("{\"apiVersion\":\"policy/v1\",\"kind\":\"Eviction\",\"metadata\":{\"name\":\"" + name + "\"}}")
                .post("/api/v1/namespaces/default/pods/" + name + "/eviction").then().statusCode(201)
                .body("status", equalTo("Success"));
        api().get("/api/v1/namespaces/default/pods/" + name).then().statusCode(404);
    }
}
