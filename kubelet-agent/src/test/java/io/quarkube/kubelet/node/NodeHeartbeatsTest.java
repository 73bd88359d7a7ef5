package io.quarkube.kubelet.node;

import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** 1,000 nodes' heartbeats on 4 threads: spread evenly over the interval, each on time. */
class NodeHeartbeatsTest {

    @Test
    void aThousandNodesBeatEvenlySpreadOverTheIntervalNotAsABurst() throws Exception {
        int count = 1_000;
        Duration interval = Duration.ofSeconds(1);
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        Timer lateness = Timer.builder("lateness").publishPercentiles(0.99).register(meters);
        ConcurrentLinkedQueue<Long> beats = new ConcurrentLinkedQueue<>();
        ConcurrentHashMap<String, Integer> perNode = new ConcurrentHashMap<>();
        try (NodeHeartbeats heartbeats = new NodeHeartbeats(4, interval, count, lateness, name -> {
            beats.add(System.nanoTime());
            perNode.merge(name, 1, Integer::sum);
            return true;
        })) {
            long start = System.nanoTime();
            for (int i = 0; i < count; i++) {
                heartbeats.add("node-" + (i + 1), i);
            }
            Thread.sleep(2_300);
            long end = System.nanoTime();

            // the second full interval: every node beat once more, about 100 per 100 ms
            long from = start + interval.toNanos() + TimeUnit.MILLISECONDS.toNanos(100);
            long to = from + interval.toNanos();
            int[] buckets = new int[10];
            int inWindow = 0;
            for (long t : new ArrayList<>(beats)) {
                if (t >= from && t < to) {
                    buckets[(int) ((t - from) / TimeUnit.MILLISECONDS.toNanos(100))]++;
                    inWindow++;
                }
            }
            assertTrue(Math.abs(inWindow - count) <= 20, "beats in one interval: " + inWindow);
            for (int b : buckets) {
                assertTrue(b >= 50 && b <= 150, "beats per 100 ms: " + List.of(buckets));
            }
            assertEquals(count, perNode.size(), "every node beats");
            assertTrue(end - start < TimeUnit.SECONDS.toNanos(5));
        }
        double p99 = lateness.takeSnapshot().percentileValues()[0].value(TimeUnit.MILLISECONDS);
        assertTrue(p99 < 100, "p99 lateness " + p99 + " ms");
    }

    @Test
    void aNodeAddedLateStartsAtItsSlotsNextTickAndAFailedBeatIsNotCountedAsOnTime() throws Exception {
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        Timer lateness = Timer.builder("lateness").register(meters);
        ConcurrentLinkedQueue<String> seen = new ConcurrentLinkedQueue<>();
        try (NodeHeartbeats heartbeats = new NodeHeartbeats(1, Duration.ofMillis(100), 2, lateness, name -> {
            seen.add(name);
            if (name.equals("bad")) {
                throw new IllegalStateException("boom"); // must not cancel its schedule
            }
            return !name.equals("failing");
        })) {
            heartbeats.add("ok", 0);
            heartbeats.add("failing", 1);
            heartbeats.add("bad", 1);
            Thread.sleep(550);
        }
        long ok = seen.stream().filter("ok"::equals).count();
        long bad = seen.stream().filter("bad"::equals).count();
        assertTrue(ok >= 4 && ok <= 6, "ok beats " + ok);
        assertTrue(bad >= 4, "a throwing beat keeps its schedule: " + bad);
        assertEquals(ok, lateness.count(), "only successful beats are timed");
    }
}
