package io.quarkube.api.events;

import io.quarkube.api.testing.MutableClock;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.quarkube.api.client.ApiClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

class EventBroadcasterTest {
    private static final Instant T0 = Instant.parse("2025-03-01T10:00:00.123456789Z");
    private final MutableClock clock = new MutableClock(T0);
    private FakeEventsServer server;
    private EventBroadcaster broadcaster;

    @BeforeEach
    void setUp() throws Exception {
        server = new FakeEventsServer();
        broadcaster = new EventBroadcaster(new ApiClient(server.url(), "token"), 3, clock);
    }

    @AfterEach
    void tearDown() {
        server.gate = null;
        broadcaster.close();
        server.close();
    }

    @Test
    void anEventNamesThePodItsSourceAndTime() {
        EventRecorder recorder = broadcaster.recorder("default-scheduler");

        recorder.normal(pod("p1", "uid-1"), "Scheduled", "Successfully assigned default/p1 to node-1");

        await(() -> server.events.size() == 1);
        assertEquals(List.of("POST /api/v1/namespaces/default/events"), server.calls);
        Event event = server.events.values().iterator().next();
        assertTrue(event.getMetadata().getName().matches("p1\\.[0-9a-f]{16}"), event.getMetadata().getName());
        assertEquals("default", event.getMetadata().getNamespace());
        var ref = event.getInvolvedObject();
        assertEquals(List.of("Pod", "v1", "default", "p1", "uid-1", "42"), List.of(ref.getKind(),
                ref.getApiVersion(), ref.getNamespace(), ref.getName(), ref.getUid(), ref.getResourceVersion()));
        assertEquals("Scheduled", event.getReason());
        assertEquals("Successfully assigned default/p1 to node-1", event.getMessage());
        assertEquals("Normal", event.getType());
        assertEquals("default-scheduler", event.getSource().getComponent());
        assertNull(event.getSource().getHost());
        assertEquals("default-scheduler", event.getReportingComponent());
        assertEquals(1, event.getCount());
        assertEquals("2025-03-01T10:00:00Z", event.getFirstTimestamp());
        assertEquals("2025-03-01T10:00:00Z", event.getLastTimestamp());
        assertEquals("2025-03-01T10:00:00.123456Z", event.getEventTime().getTime());
    }

    @Test
    void repeatsWithinTenMinutesAreCountedOnOneEventAndLaterOnesStartANewOne() {
        EventRecorder recorder = broadcaster.recorder("kubelet").withHost("node-1");
        Pod pod = pod("p1", "uid-1");

        recorder.warning(pod, "BackOff", "Back-off restarting failed container c in pod p1_default(uid-1)");
        await(() -> server.calls.size() == 1);
        clock.advance(Duration.ofMinutes(3));
        recorder.warning(pod, "BackOff", "Back-off restarting failed container c in pod p1_default(uid-1)");
        await(() -> server.calls.size() == 2);
        clock.advance(Duration.ofMinutes(9));
        recorder.warning(pod, "BackOff", "Back-off restarting failed container c in pod p1_default(uid-1)");
        await(() -> server.calls.size() == 3);

        assertEquals("POST", server.calls.get(0).split(" ")[0]);
        assertTrue(server.calls.get(1).startsWith("PUT /api/v1/namespaces/default/events/p1."), server.calls.get(1));
        assertEquals("PUT", server.calls.get(2).split(" ")[0]);
        assertEquals(1, server.events.size());
        Event event = server.events.values().iterator().next();
        assertEquals(3, event.getCount());
        assertEquals("2025-03-01T10:00:00Z", event.getFirstTimestamp());
        assertEquals("2025-03-01T10:12:00Z", event.getLastTimestamp());
        assertEquals("node-1", event.getSource().getHost());

        clock.advance(Duration.ofMinutes(11)); // longer than the window since the last one
        recorder.warning(pod, "BackOff", "Back-off restarting failed container c in pod p1_default(uid-1)");
        recorder.warning(pod, "BackOff", "another message is another event");
        await(() -> server.events.size() == 3);
        assertEquals(List.of("POST", "POST"), server.calls.subList(3, 5).stream().map(c -> c.split(" ")[0]).toList());
    }

    @Test
    void aRepeatOfAnEventDeletedMeanwhileCreatesItAgain() {
        EventRecorder recorder = broadcaster.recorder("kubelet");
        recorder.normal(pod("p1", "uid-1"), "Started", "Started container c");
        await(() -> server.events.size() == 1);
        server.events.clear();

        recorder.normal(pod("p1", "uid-1"), "Started", "Started container c");

        await(() -> server.events.size() == 1);
        assertEquals(List.of("POST", "PUT", "POST"), server.calls.stream().map(c -> c.split(" ")[0]).toList());
        assertEquals(1, server.events.values().iterator().next().getCount());
    }

    @Test
    void clusterScopedObjectsGetTheirEventsInDefault() {
        Node node = new NodeBuilder().withNewMetadata().withName("node-1").withUid("n-uid").endMetadata().build();

        broadcaster.recorder("kubelet").withHost("node-1").normal(node, "NodeReady", "Node node-1 status is now: NodeReady");

        await(() -> server.events.size() == 1);
        Event event = server.events.values().iterator().next();
        assertEquals("default", event.getMetadata().getNamespace());
        assertEquals("Node", event.getInvolvedObject().getKind());
        assertNull(event.getInvolvedObject().getNamespace());
        assertEquals("node-1", event.getReportingInstance());
    }

    @Test
    void aFullQueueDropsAndCountsInsteadOfBlockingTheCaller() {
        server.gate = new CountDownLatch(1); // the api-server hangs
        EventRecorder recorder = broadcaster.recorder("default-scheduler");

        long start = System.nanoTime();
        for (int i = 0; i < 20; i++) {
            recorder.warning(pod("p" + i, "uid-" + i), "FailedScheduling", "0/3 nodes are available");
        }
        long tookMillis = (System.nanoTime() - start) / 1_000_000;

        assertTrue(tookMillis < 500, "recording waited " + tookMillis + " ms");
        // at most the queue (3) plus the one being sent got through
        assertTrue(broadcaster.dropped() >= 16, "dropped " + broadcaster.dropped());
        server.gate.countDown();
        await(() -> broadcaster.sent() + broadcaster.dropped() == 20);
        assertEquals(20 - broadcaster.dropped(), server.events.size());
    }

    private static Pod pod(String name, String uid) {
        return new PodBuilder().withNewMetadata().withName(name).withNamespace("default").withUid(uid)
                .withResourceVersion("42").endMetadata().build();
    }

    private static void await(BooleanSupplier condition) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                fail("condition not met in time");
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
