package io.quarkube.loadtest;

import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HollowNodesOptionsTest {
    @Test
    void defaultsAreIssue4sScale() {
        HollowNodesOptions o = HollowNodesOptions.parse(List.of());
        assertEquals(1000, o.nodes);
        assertEquals(30000, o.pods);
        assertEquals(1024, o.agentHeapMb);
        assertTrue(o.durable);
    }

    @Test
    void parsesEveryKindOfOption() {
        HollowNodesOptions o = HollowNodesOptions.parse(List.of("--nodes", "50", "--pods=1_500", "--agent-heap", "768m",
                "--heap", "api-server=1g", "--env", "scheduler:QUARKUBE_SCHEDULER_BIND_THREADS=16", "--settle", "0s",
                "--timeout", "5m", "--no-fsync", "--jfr", "api-server,kubelet-agent", "--keep"));
        assertEquals(50, o.nodes);
        assertEquals(1500, o.pods);
        assertEquals(768, o.agentHeapMb);
        assertEquals(1024, o.heapMb.get("api-server"));
        assertEquals(List.of("scheduler", "QUARKUBE_SCHEDULER_BIND_THREADS", "16"), List.of(o.env.get(0)));
        assertEquals(Duration.ZERO, o.settle);
        assertEquals(Duration.ofMinutes(5), o.timeout);
        assertEquals(List.of("api-server", "kubelet-agent"), o.jfr);
        assertTrue(o.keep);
        assertTrue(!o.durable);
    }

    @Test
    void badValuesSayWhatIsExpected() {
        assertEquals("--nodes must be a number of 1 or more, got 'many'", assertThrows(IllegalArgumentException.class,
                () -> HollowNodesOptions.parse(List.of("--nodes", "many"))).getMessage());
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> HollowNodesOptions.parse(List.of("--settle", "soon"))).getMessage().contains("300ms, 10s or 5m"));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> HollowNodesOptions.parse(List.of("--frobnicate", "1"))).getMessage().contains("unknown option"));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> HollowNodesOptions.parse(List.of("--pods"))).getMessage().contains("needs a value"));
    }

    @Test
    void reportSpreadsAreInSecondsOrMilliseconds() {
        Histogram h = PodTracker.histogram();
        for (int i = 1; i <= 100; i++) {
            h.recordValue(i * 100_000L); // 0.1 s .. 10 s, in µs
        }
        assertEquals("p50 5.00 s  p90 9.00 s  p99 9.90 s  max 10.00 s  (n=100)", Report.spread(h, 1e6));
        assertEquals("none observed", Report.spread(PodTracker.histogram(), 1e6));
        assertEquals("250 ms", Report.seconds(0.25));
        assertEquals("n/a", Report.mib(Double.NaN));
    }
}
