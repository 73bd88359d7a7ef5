package io.quarkube.controllermanager.gc;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.quarkube.api.client.ApiException;
import io.quarkube.controllermanager.MapLister;
import io.quarkube.controllermanager.RecordingEnqueuer;
import io.quarkube.controllermanager.controller.FakePodControl;
import io.quarkube.controllermanager.controller.Result;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.stream.Stream;

import static io.quarkube.controllermanager.Fixtures.pod;
import static io.quarkube.controllermanager.Fixtures.replicaSet;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OrphanPodSyncTest {
    private final MapLister<Pod> pods = new MapLister<>();
    private final MapLister<ReplicaSet> replicaSets = new MapLister<>();
    private final FakePodControl podControl = new FakePodControl();
    /** The "live" api-server view behind the cache; empty unless a test says otherwise. */
    private final MapLister<ReplicaSet> live = new MapLister<>();
    private final OwnerLookup lookup = (namespace, ref) -> Stream.of(replicaSets, live)
            .anyMatch(view -> view.get(namespace, ref.getName())
                    .filter(rs -> rs.getMetadata().getUid().equals(ref.getUid())).isPresent());
    private final OrphanPodSync sync = new OrphanPodSync(pods, lookup, podControl);

    @Test
    void deletesThePodOfADeletedReplicaSetWithItsUid() {
        pods.put(pod("web-1", replicaSet("web", 1), null));
        assertEquals(Result.done(), sync.sync("default/web-1"));
        assertEquals(List.of("default/web-1@uid-web-1"), podControl.deleted);
    }

    @Test
    void keepsPodsWhoseOwnerExists() {
        replicaSets.put(replicaSet("web", 1));
        pods.put(pod("web-1", replicaSet("web", 1), null));
        sync.sync("default/web-1");
        assertTrue(podControl.deleted.isEmpty());
    }

    @Test
    void ownerMissingFromTheCacheButPresentLiveIsKept() {
        live.put(replicaSet("web", 1)); // its event has not arrived yet
        pods.put(pod("web-1", replicaSet("web", 1), null));
        sync.sync("default/web-1");
        assertTrue(podControl.deleted.isEmpty());
    }

    @Test
    void ownerRecreatedUnderTheSameNameDoesNotSaveThePod() {
        ReplicaSet successor = replicaSet("web", 1);
        successor.getMetadata().setUid("uid-web-2");
        replicaSets.put(successor);
        pods.put(pod("web-1", replicaSet("web", 1), null));
        sync.sync("default/web-1");
        assertEquals(1, podControl.deleted.size());
    }

    @Test
    void leavesOrphansTerminatingPodsAndGonePodsAlone() {
        Pod terminating = pod("web-2", replicaSet("web", 1), null);
        terminating.getMetadata().setDeletionTimestamp("2025-01-01T00:00:00Z");
        pods.put(pod("bare", null, null), terminating);
        sync.sync("default/bare");
        sync.sync("default/web-2");
        sync.sync("default/gone");
        assertTrue(podControl.deleted.isEmpty());
    }

    @Test
    void podAlreadyGoneIsFine() {
        pods.put(pod("web-1", replicaSet("web", 1), null));
        podControl.deleteError = new ApiException(404, null, "not found");
        assertEquals(Result.done(), sync.sync("default/web-1"));
    }

    @Test
    void deletedReplicaSetQueuesItsPods() {
        RecordingEnqueuer queue = new RecordingEnqueuer();
        ReplicaSet web = replicaSet("web", 1);
        pods.put(pod("web-1", web, null), pod("bare", null, null), pod("db-1", replicaSet("db", 1), null));
        new GarbageCollector(pods, queue).replicaSetHandler().onDelete(web);
        assertEquals(List.of("default/web-1"), queue.keys);
    }
}
