package io.quarkube.loadtest;

import org.junit.jupiter.api.Test;

import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PromTextTest {
    private static final String BEFORE = """
            # HELP apiserver_request_total API requests
            # TYPE apiserver_request_total counter
            apiserver_request_total{client="admin",code="201",group="",resource="pods",subresource="",verb="create"} 10.0
            apiserver_request_total{client="system:node:a",code="200",group="",resource="pods",subresource="status",verb="update"} 5.0
            lat_seconds_bucket{le="0.1",node="a"} 1.0
            lat_seconds_bucket{le="1.0",node="a"} 2.0
            lat_seconds_bucket{le="+Inf",node="a"} 2.0
            jvm_memory_used_bytes{area="heap",id="G1 Eden Space"} 1.5E7
            jvm_memory_used_bytes{area="nonheap",id="Metaspace"} 9.9E7
            """;
    private static final String AFTER = """
            apiserver_request_total{client="admin",code="201",group="",resource="pods",subresource="",verb="create"} 110.0
            apiserver_request_total{client="system:node:a",code="200",group="",resource="pods",subresource="status",verb="update"} 205.0
            apiserver_request_total{client="system:node:a",code="409",group="",resource="pods",subresource="status",verb="update"} 3.0
            lat_seconds_bucket{le="0.1",node="a"} 51.0
            lat_seconds_bucket{le="1.0",node="a"} 102.0
            lat_seconds_bucket{le="+Inf",node="a"} 102.0
            lat_seconds_max{node="a"} 3.5
            jvm_memory_used_bytes{area="heap",id="G1 Eden Space"} 1.0E7
            jvm_memory_used_bytes{area="heap",id="G1 Old Gen"} 3.0E7
            odd_label{path="a \\"quoted\\", b"} 1 1700000000000
            """;

    @Test
    void parsesSamplesLabelsAndSums() {
        PromText p = PromText.parse(AFTER);
        assertEquals(4.0E7, p.sum("jvm_memory_used_bytes", s -> "heap".equals(s.label("area"))));
        assertEquals(3.5, p.max("lat_seconds_max"));
        assertEquals("a \"quoted\", b", p.samples("odd_label").get(0).label("path"));
        assertEquals(1.0, p.sum("odd_label"));
        assertTrue(Double.isNaN(p.max("absent")));
    }

    @Test
    void requestCountsAreTheDifferenceByClientVerbAndResource() {
        RequestCounts c = RequestCounts.between(PromText.parse(BEFORE), PromText.parse(AFTER));
        assertTrue(c.detailed());
        assertEquals(303.0, c.total());
        assertEquals(100.0, c.byClient("admin"));
        assertEquals(203.0, c.byClient("system:node:"));
        assertEquals(3.0, c.errors());
        assertEquals(200.0, c.all().get("system:node:a update pods/status 200"));
        assertEquals("system:node:a update pods/status 200", c.top(1).keySet().iterator().next());
    }

    @Test
    void histogramQuantilesInterpolateWithinBuckets() {
        TreeMap<Double, Double> b = PromText.parse(AFTER).bucketsSince(PromText.parse(BEFORE), "lat_seconds");
        assertEquals(100.0, b.lastEntry().getValue()); // 100 observations between the scrapes
        assertEquals(0.05, PromText.quantile(0.25, b), 1e-9); // 50 in (0, 0.1]: the 25th is half way
        assertEquals(0.55, PromText.quantile(0.75, b), 1e-9); // 50 in (0.1, 1]: the 75th is half way
        TreeMap<Double, Double> slow = new TreeMap<>(java.util.Map.of(0.1, 1.0, 1.0, 2.0,
                Double.POSITIVE_INFINITY, 10.0));
        assertEquals(1.0, PromText.quantile(0.99, slow), 1e-9); // in +Inf: the highest finite bound
        assertTrue(Double.isNaN(PromText.quantile(0.5, new TreeMap<>())));
    }
}
