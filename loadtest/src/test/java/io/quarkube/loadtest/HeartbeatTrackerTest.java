package io.quarkube.loadtest;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkube.api.json.Json;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HeartbeatTrackerTest {
    private static JsonNode json(String s) {
        return Json.read(s.getBytes(), JsonNode.class);
    }

    private static JsonNode lease(String name, String renewTime) {
        return json("{\"metadata\":{\"name\":\"" + name + "\"},\"spec\":{\"renewTime\":\"" + renewTime + "\"}}");
    }

    private static JsonNode node(String name, String status, String heartbeat) {
        return json("{\"metadata\":{\"name\":\"" + name + "\"},\"status\":{\"conditions\":[{\"type\":\"Ready\","
                + "\"status\":\"" + status + "\",\"lastHeartbeatTime\":\"" + heartbeat + "\"}]}}");
    }

    @Test
    void latenessIsTheGapBetweenRenewalsMinusTheIntervalOnceMeasuring() {
        HeartbeatTracker t = new HeartbeatTracker(Duration.ofSeconds(10));
        Informer.Handler leases = t.leases();
        leases.on("ADDED", lease("n1", "2026-01-01T00:00:00.000000Z"), 0);
        leases.on("MODIFIED", lease("n1", "2026-01-01T00:00:13.500000Z"), 0); // not measuring yet
        t.startMeasuring();
        leases.on("MODIFIED", lease("n1", "2026-01-01T00:00:23.500000Z"), 0); // on time
        leases.on("MODIFIED", lease("n1", "2026-01-01T00:00:36.000000Z"), 0); // 2.5 s late
        assertEquals(2, t.lateness().getTotalCount());
        assertEquals(2500, t.lateness().getMaxValue(), 2);
        assertEquals(0, t.lateness().getMinValue());
        assertTrue(t.sawLeases());
    }

    @Test
    void nodeStatusUpdatesDoNotCountOnceLeasesAreSeen() {
        HeartbeatTracker t = new HeartbeatTracker(Duration.ofSeconds(10));
        t.startMeasuring();
        Informer.Handler nodes = t.nodes();
        nodes.on("ADDED", node("n1", "True", "2026-01-01T00:00:00Z"), 0);
        nodes.on("MODIFIED", node("n1", "True", "2026-01-01T00:05:00Z"), 0); // status every 5 min: 290 s "late"
        assertEquals(290_000, t.lateness().getMaxValue(), 100);
        t.leases().on("ADDED", lease("n1", "2026-01-01T00:05:00.000000Z"), 0);
        t.leases().on("MODIFIED", lease("n1", "2026-01-01T00:05:10.000000Z"), 0);
        assertEquals(1, t.lateness().getTotalCount());
        assertEquals(0, t.lateness().getMaxValue());
        assertEquals(1, t.readyNodes());
        nodes.on("MODIFIED", node("n1", "Unknown", "2026-01-01T00:06:00Z"), 0);
        assertEquals(0, t.readyNodes());
    }
}
