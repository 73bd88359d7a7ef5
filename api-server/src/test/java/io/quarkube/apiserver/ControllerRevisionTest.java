package io.quarkube.apiserver;

import io.quarkube.infra.QuarkubeTestInfra;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.quarkube.apiserver.ApiServerTest.api;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

/** apps/v1 ControllerRevisions: served, listed with kubectl's columns, data immutable, revision never negative. */
@QuarkusTest
@WithTestResource(value = QuarkubeTestInfra.class, scope = TestResourceScope.GLOBAL)
class ControllerRevisionTest {
    private static final String PATH = "/apis/apps/v1/namespaces/default/controllerrevisions";

    @Test
    void dataIsImmutableButTheRevisionMayBeRenumbered() {
        String rv = api().body("""
                {"apiVersion":"apps/v1","kind":"ControllerRevision","metadata":{"name":"cr-immutable"},
                 "data":{"spec":{"template":{"x":1}}},"revision":1}""")
                .post(PATH).then().statusCode(201)
                .body("revision", equalTo(1)).body("data.spec.template.x", equalTo(1))
                .extract().path("metadata.resourceVersion");
        api().body("""
                {"apiVersion":"apps/v1","kind":"ControllerRevision","metadata":{"name":"cr-immutable"},
                 "data":{"spec":{"template":{"x":2}}},"revision":1}""")
                .put(PATH + "/cr-immutable").then().statusCode(422)
                .body("details.causes.field", hasItem("data"))
                .body("details.causes.message", hasItem(org.hamcrest.Matchers.containsString("field is immutable")));
        api().body("""
                {"apiVersion":"apps/v1","kind":"ControllerRevision","metadata":{"name":"cr-immutable",
                 "resourceVersion":"%s"},"data":{"spec":{"template":{"x":1}}},"revision":4}""".formatted(rv))
                .put(PATH + "/cr-immutable").then().statusCode(200).body("revision", equalTo(4));
    }

    @Test
    void revisionMustNotBeNegativeAndDataIsRequired() {
        api().body("""
                {"apiVersion":"apps/v1","kind":"ControllerRevision","metadata":{"name":"cr-negative"},
                 "data":{},"revision":-1}""")
                .post(PATH).then().statusCode(422).body("reason", equalTo("Invalid"))
                .body("details.causes.field", equalTo(List.of("revision")));
        api().body("""
                {"apiVersion":"apps/v1","kind":"ControllerRevision","metadata":{"name":"cr-nodata"},"revision":0}""")
                .post(PATH).then().statusCode(422).body("details.causes.field", equalTo(List.of("data")));
        api().body("""
                {"apiVersion":"apps/v1","kind":"ControllerRevision","metadata":{"name":"cr-zero"},"data":{}}""")
                .post(PATH).then().statusCode(201).body("revision", equalTo(0));
    }

    @Test
    void tableHasTheControllerColumn() {
        api().body("""
                {"apiVersion":"apps/v1","kind":"ControllerRevision","metadata":{"name":"cr-owned","ownerReferences":[
                  {"apiVersion":"apps/v1","kind":"StatefulSet","name":"web","uid":"u1","controller":true}]},
                 "data":{},"revision":2}""").post(PATH).then().statusCode(201);
        api().accept("application/json;as=Table;v=v1;g=meta.k8s.io").get(PATH + "/cr-owned").then().statusCode(200)
                .body("columnDefinitions.name", equalTo(List.of("Name", "Controller", "Revision", "Age")))
                .body("rows[0].cells[1]", equalTo("statefulset.apps/web"))
                .body("rows[0].cells[2]", equalTo(2));
    }

    @Test
    void discoveryListsControllerRevisionsInApps() {
        api().accept("application/json").get("/apis/apps/v1").then().statusCode(200)
                .body("resources.find { it.name == 'controllerrevisions' }.kind", equalTo("ControllerRevision"))
                .body("resources.find { it.name == 'controllerrevisions' }.namespaced", equalTo(true))
                .body("resources.find { it.name == 'controllerrevisions' }.verbs", equalTo(DiscoveryTest.ALL_VERBS));
    }
}
