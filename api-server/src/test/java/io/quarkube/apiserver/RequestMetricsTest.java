package io.quarkube.apiserver;

import io.quarkube.infra.QuarkubeTestInfra;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import org.junit.jupiter.api.Test;

import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** /q/metrics counts API requests by client, verb, resource and code, and times the short ones. */
@QuarkusTest
@WithTestResource(value = QuarkubeTestInfra.class, scope = TestResourceScope.GLOBAL)
class RequestMetricsTest {

    @Test
    void requestsAreCountedByClientVerbResourceAndCode() {
        String name = "m-" + UUID.randomUUID().toString().substring(0, 8);
        String createdPods = "apiserver_request_total{client=\"admin\",code=\"201\",group=\"\",resource=\"pods\","
                + "subresource=\"\",verb=\"create\"}";
        String missing = "apiserver_request_total{client=\"system:kube-scheduler\",code=\"404\",group=\"\","
                + "resource=\"pods\",subresource=\"status\",verb=\"get\"}";
        double createdBefore = value(metrics(), createdPods);
        double missingBefore = value(metrics(), missing);

        ApiServerTest.api().body(ApiServerTest.pod(name)).post("/api/v1/namespaces/default/pods").then()
                .statusCode(201);
        RestAssured.given().header("Authorization", "Bearer test-scheduler-token")
                .get("/api/v1/namespaces/default/pods/no-such-pod/status").then().statusCode(404);
        RestAssured.given().get("/api/v1/namespaces/default/pods").then().statusCode(401);

        String after = metrics();
        assertEquals(createdBefore + 1, value(after, createdPods), after);
        assertEquals(missingBefore + 1, value(after, missing), after);
        assertTrue(value(after, "apiserver_request_total{client=\"anonymous\",code=\"401\",group=\"\","
                + "resource=\"pods\",subresource=\"\",verb=\"list\"}") >= 1, after);
        assertTrue(value(after, "apiserver_request_duration_seconds_count{group=\"\",resource=\"pods\","
                + "subresource=\"\",verb=\"create\"}") >= 1, after);
        assertTrue(after.contains("apiserver_request_duration_seconds_bucket{group=\"\",resource=\"pods\","
                + "subresource=\"\",verb=\"create\",le=\"0.05\"}"), after);
    }

    private static String metrics() {
        return RestAssured.given().get("/q/metrics").then().statusCode(200).extract().asString();
    }

    /** The value of one series, 0 when it is not there yet. */
    private static double value(String metrics, String series) {
        Matcher m = Pattern.compile("^" + Pattern.quote(series) + " (\\S+)$", Pattern.MULTILINE).matcher(metrics);
        return m.find() ? Double.parseDouble(m.group(1)) : 0;
    }
}
