package io.quarkube.kubelet.staticpods;

import io.fabric8.kubernetes.api.model.Pod;
import io.quarkube.kubelet.podworkers.PodWorkerState;
import io.quarkube.kubelet.podworkers.PodWorkers;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import static io.quarkube.kubelet.staticpods.StaticPodManifestTest.STATIC_WEB;
import static io.quarkube.kubelet.staticpods.StaticPodManifestTest.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The file source against pod workers that record what they are told and stop pods when the test says so. */
class StaticPodSourceTest {
    @TempDir
    Path dir;
    private final RecordingWorkers workers = new RecordingWorkers();
    private StaticPodSource source;

    @AfterEach
    void tearDown() {
        if (source != null) {
            source.close();
        }
    }

    private StaticPodSource source() {
        source = new StaticPodSource(Optional.of(dir), "node-1", workers, Duration.ofSeconds(5), Clock.systemUTC());
        return source;
    }

    @Test
    void eachManifestRunsOnceOtherFilesAreIgnoredAndABrokenOneIsReportedWhileTheOthersRun() throws Exception {
        write(dir, "web.yaml", STATIC_WEB);
        write(dir, "other.json", "{\"apiVersion\":\"v1\",\"kind\":\"Pod\",\"metadata\":{\"name\":\"other\","
                + "\"namespace\":\"kube-system\"},\"spec\":{\"containers\":[{\"name\":\"c\",\"image\":\"x\"}]}}");
        write(dir, "broken.yaml", "apiVersion: v1\nkind: Pod\nmetadata: {name: [\n");
        write(dir, "README.txt", "not a manifest");
        Files.createDirectory(dir.resolve("sub.yaml"));
        StaticPodSource source = source();

        source.scan();
        source.scan();

        assertEquals(List.of("update default/static-web-node-1", "update kube-system/other-node-1"),
                workers.calls.stream().sorted().toList());
        assertEquals(Map.of("broken.yaml", source.problems().get("broken.yaml")), source.problems());
        assertTrue(source.problems().get("broken.yaml").startsWith("not valid YAML"));
        assertEquals(2, source.snapshot().running().size());
    }

    @Test
    void aChangedManifestReplacesThePodOnlyOnceTheOldOneHasStopped() throws Exception {
        write(dir, "web.yaml", STATIC_WEB);
        StaticPodSource source = source();
        source.scan();
        String oldUid = source.snapshot().running().get("default/static-web-node-1").getMetadata().getUid();

        write(dir, "web.yaml", STATIC_WEB.replace("sleep 3600", "sleep 60"));
        source.scan();

        assertEquals(List.of("update default/static-web-node-1", "remove default/static-web-node-1"), workers.calls);
        assertTrue(source.snapshot().running().isEmpty(), "the new pod waits for the old one");
        assertEquals(java.util.Set.of("default/static-web-node-1"), source.snapshot().terminating());

        workers.finish(oldUid);
        assertEventually(() -> workers.calls.size() == 3);
        Pod replacement = source.snapshot().running().get("default/static-web-node-1");
        assertNotEquals(oldUid, replacement.getMetadata().getUid());
        assertEquals(replacement, workers.last);
        assertTrue(source.snapshot().terminating().isEmpty());
    }

    @Test
    void aRemovedManifestStopsItsPod() throws Exception {
        write(dir, "web.yaml", STATIC_WEB);
        StaticPodSource source = source();
        source.scan();
        String uid = source.snapshot().running().get("default/static-web-node-1").getMetadata().getUid();

        Files.delete(dir.resolve("web.yaml"));
        source.scan();

        assertEquals("remove default/static-web-node-1", workers.calls.get(1));
        assertEquals(PodWorkerState.TERMINATING, workers.states.get(uid));
        assertTrue(source.snapshot().running().isEmpty());
        workers.finish(uid);
        assertEventually(() -> source.snapshot().terminating().isEmpty());
    }

    @Test
    void aMissingDirectoryMeansNoStaticPods() throws Exception {
        source = new StaticPodSource(Optional.of(dir.resolve("absent")), "node-1", workers, Duration.ofSeconds(5),
                Clock.systemUTC());

        source.scan();

        assertTrue(workers.calls.isEmpty());
        assertEquals(StaticPodSource.Snapshot.EMPTY, source.snapshot());
    }

    private static void assertEventually(java.util.function.BooleanSupplier condition) {
        io.quarkube.kubelet.Eventually.await(Duration.ofSeconds(5), condition, () -> "condition");
    }

    /** Records calls; a removed pod stays TERMINATING until {@link #finish}. */
    static final class RecordingWorkers implements PodWorkers {
        final List<String> calls = new CopyOnWriteArrayList<>();
        final Map<String, PodWorkerState> states = new ConcurrentHashMap<>();
        volatile Pod last;

        @Override
        public void updatePod(Pod pod) {
            calls.add("update " + StaticPodFactory.fullName(pod));
            states.put(pod.getMetadata().getUid(), PodWorkerState.SYNC);
            last = pod;
        }

        @Override
        public void removePod(Pod lastState) {
            calls.add("remove " + StaticPodFactory.fullName(lastState));
            states.put(lastState.getMetadata().getUid(), PodWorkerState.TERMINATING);
        }

        void finish(String uid) {
            states.remove(uid);
        }

        @Override
        public Optional<PodWorkerState> state(String uid) {
            return Optional.ofNullable(states.get(uid));
        }

        @Override
        public int knownPods() {
            return states.size();
        }
    }
}
