package io.quarkube.controllermanager.replicaset;

import io.quarkube.api.testing.MutableClock;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.quarkube.controllermanager.MapLister;
import io.quarkube.controllermanager.RecordingEnqueuer;
import io.quarkube.controllermanager.controller.Expectations;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static io.quarkube.controllermanager.Fixtures.pod;
import static io.quarkube.controllermanager.Fixtures.ready;
import static io.quarkube.controllermanager.Fixtures.replicaSet;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ReplicaSetControllerTest {
    private final ReplicaSet web = replicaSet("web", 2);
    private final ReplicaSet db = replicaSet("db", 1);
    private final MapLister<ReplicaSet> replicaSets = new MapLister<ReplicaSet>().put(web, db);
    private final Expectations expectations = new Expectations(new MutableClock(java.time.Instant.parse("2025-01-01T00:10:00Z")), Duration.ofMinutes(5));
    private final RecordingEnqueuer queue = new RecordingEnqueuer();
    private final ReplicaSetController controller = new ReplicaSetController(replicaSets, expectations, queue);

    ReplicaSetControllerTest() {
        db.getSpec().getSelector().setMatchLabels(Map.of("app", "db"));
    }

    @Test
    void podEventsGoToTheirControllerAndCountAsObservedCreations() {
        expectations.expectCreations("default/web", 1);
        controller.podHandler().onAdd(pod("p1", web, null));
        assertEquals(List.of("default/web"), queue.keys);
        assertTrue(expectations.satisfied("default/web"));
    }

    @Test
    void orphansGoToEveryMatchingReplicaSet() {
        controller.podHandler().onAdd(pod("orphan", null, null));
        assertEquals(List.of("default/web"), queue.keys);
    }

    @Test
    void podOfAReplicaSetWithAnotherUidIsIgnored() {
        ReplicaSet predecessor = replicaSet("web", 1);
        predecessor.getMetadata().setUid("uid-of-a-deleted-web");
        controller.podHandler().onAdd(pod("p1", predecessor, null));
        assertTrue(queue.keys.isEmpty());
    }

    @Test
    void terminatingPodCountsAsObservedDeletionOnce() {
        Pod p1 = pod("p1", web, null);
        Pod p2 = pod("p2", web, null);
        expectations.expectDeletions("default/web", List.of("uid-p1", "uid-p2"));
        Pod terminating = pod("p1", web, null);
        terminating.getMetadata().setDeletionTimestamp("2025-01-01T00:00:00Z");
        controller.podHandler().onUpdate(p1, terminating);
        controller.podHandler().onDelete(terminating); // the same deletion, seen again
        assertFalse(expectations.satisfied("default/web"));
        controller.podHandler().onDelete(p2);
        assertTrue(expectations.satisfied("default/web"));
    }

    @Test
    void relabelledOrphanGoesToTheReplicaSetsItNowMatches() {
        Pod before = pod("p", null, null);
        Pod after = pod("p", null, null);
        after.getMetadata().setLabels(Map.of("app", "db"));
        controller.podHandler().onUpdate(before, after);
        assertEquals(List.of("default/db"), queue.keys);
    }

    @Test
    void podBecomingReadyIsCheckedAgainAfterMinReadySeconds() {
        web.getSpec().setMinReadySeconds(30);
        Pod before = pod("p1", web, null);
        controller.podHandler().onUpdate(before, ready(pod("p1", web, null), "n1", "2025-01-01T00:00:00Z"));
        assertEquals(List.of("default/web"), queue.keys);
        assertEquals(List.of("default/web after PT31S"), queue.delayed);
    }

    @Test
    void replicaSetEventsEnqueueItsKeyAndDeleteDropsItsExpectations() {
        expectations.expectCreations("default/web", 2);
        controller.replicaSetHandler().onUpdate(web, web);
        controller.replicaSetHandler().onDelete(web);
        assertEquals(List.of("default/web", "default/web"), queue.keys);
        assertTrue(expectations.satisfied("default/web"));
    }
}
