package io.quarkube.apiserver;

import io.quarkube.infra.QuarkubeTestInfra;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.UUID;

import static io.quarkube.apiserver.ApiServerTest.api;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

/** Unknown fields under each fieldValidation mode, and bodies over the size limit. */
@QuarkusTest
@WithTestResource(value = QuarkubeTestInfra.class, scope = TestResourceScope.GLOBAL)
class BodyValidationTest {
    private static final String PODS = "/api/v1/namespaces/default/pods";

    private static String podWithUnknownFields(String name) {
        return """
                {"apiVersion":"v1","kind":"Pod","metadata":{"name":"%s","colour":"red"},
                 "spec":{"foo":1,"containers":[{"name":"c","image":"nginx","bar":true}]}}""".formatted(name);
    }

    private static String name() {
        return "u-" + UUID.randomUUID().toString().substring(0, 8);
    }

    @Test
    void strictRejectsUnknownFieldsNamingEachOne() {
        api().queryParam("fieldValidation", "Strict").body(podWithUnknownFields(name())).post(PODS).then()
                .statusCode(400).body("reason", equalTo("BadRequest"))
                .body("message", containsString("unknown field \"spec.foo\""))
                .body("message", containsString("unknown field \"spec.containers[0].bar\""))
                .body("message", containsString("unknown field \"metadata.colour\""));
    }

    @Test
    void warnAcceptsWithAWarningHeaderAndDropsThem() {
        String name = name();
        List<String> warnings = api().queryParam("fieldValidation", "Warn").body(podWithUnknownFields(name))
                .post(PODS).then().statusCode(201).body("spec.foo", nullValue())
                .extract().headers().getValues("Warning");
        assertEquals(List.of("299 - \"unknown field \\\"metadata.colour\\\"\"",
                "299 - \"unknown field \\\"spec.foo\\\"\"",
                "299 - \"unknown field \\\"spec.containers[0].bar\\\"\""), warnings);
        api().get(PODS + "/" + name).then().body("spec.foo", nullValue()).body("spec.containers[0].bar", nullValue());
    }

    @Test
    void ignoreDropsThemSilently() {
        api().queryParam("fieldValidation", "Ignore").body(podWithUnknownFields(name())).post(PODS).then()
                .statusCode(201).header("Warning", nullValue()).body("metadata.colour", nullValue());
    }

    @Test
    void bodiesOverThreeMebibytesAreRefused() {
        String huge = "{\"metadata\":{\"name\":\"big\",\"annotations\":{\"a\":\"" + "x".repeat(3 * 1024 * 1024)
                + "\"}},\"spec\":{\"containers\":[{\"name\":\"c\",\"image\":\"x\"}]}}";
        api().body(huge).post(PODS).then().statusCode(413).body("reason", equalTo("RequestEntityTooLarge"));
    }
}
