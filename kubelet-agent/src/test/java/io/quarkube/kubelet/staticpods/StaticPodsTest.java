package io.quarkube.kubelet.staticpods;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.quarkube.api.Resources;
import io.quarkube.api.client.ApiClient;
import io.quarkube.api.informer.Store;
import io.quarkube.kubelet.Eventually;
import io.quarkube.kubelet.InMemoryApiServer;
import io.quarkube.kubelet.config.PodSource;
import io.quarkube.kubelet.node.LocalNodes;
import io.quarkube.kubelet.node.PodIpAllocator;
import io.quarkube.kubelet.podworkers.CrashBackoff;
import io.quarkube.kubelet.podworkers.KubeletPodSyncer;
import io.quarkube.kubelet.podworkers.PodWorkerState;
import io.quarkube.kubelet.podworkers.SerialPodWorkers;
import io.quarkube.kubelet.runtime.SimulatedRuntime;
import io.quarkube.kubelet.status.StatusManager;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

import static io.quarkube.kubelet.staticpods.StaticPodManifestTest.STATIC_WEB;
import static io.quarkube.kubelet.staticpods.StaticPodManifestTest.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Static pods end to end inside the agent: manifests run on the real pod workers (simulated runtime), mirror pods
 * and their status in a stateful in-memory api-server that also plays the informer.
 */
class StaticPodsTest {
    private static final Duration WAIT = Duration.ofSeconds(15);
    private static final String NAME = "static-web-node-1";

    @TempDir
    Path dir;
    private final ScheduledExecutorService timers = Executors.newScheduledThreadPool(2);
    private final ExecutorService executor = Executors.newFixedThreadPool(2);
    private final LocalNodes nodes = new LocalNodes("node", 1);
    private InMemoryApiServer server;
    private SimulatedRuntime runtime;
    private StatusManager statusManager;
    private SerialPodWorkers workers;
    private StaticPodSource source;
    private MirrorPodManager mirrors;
    private Node node;

    @BeforeEach
    void setUp() throws Exception {
        server = new InMemoryApiServer();
        server.create(Resources.NAMESPACES, new NamespaceBuilder().withNewMetadata().withName("default").endMetadata()
                .build());
        node = server.create(Resources.NODES, new NodeBuilder().withNewMetadata().withName("node-1").endMetadata()
                .build());
        ApiClient api = new ApiClient(server.url(), "");
        Store<Pod> pods = server.informer.store(Resources.PODS);
        runtime = new SimulatedRuntime(timers, Clock.systemUTC(), Duration.ofMillis(20));
        statusManager = new StatusManager(api, pods::get);
        workers = new SerialPodWorkers(new KubeletPodSyncer(runtime, statusManager, new PodIpAllocator(nodes),
                Clock.systemUTC(), CrashBackoff::new), executor, timers);
        source = new StaticPodSource(Optional.of(dir), "node-1", workers, Duration.ofMillis(200), Clock.systemUTC());
        mirrors = new MirrorPodManager(api, pods, nodes, source::snapshot,
                name -> server.get(Resources.NODES, null, name).map(n -> n.getMetadata().getUid()),
                statusManager::mirrorCreated, Duration.ofMillis(200));
        server.informer.addHandler(Resources.PODS, new PodSource(nodes, workers)); // must leave mirrors alone
        server.informer.addHandler(Resources.PODS, mirrors);
        source.addListener(mirrors::requestSync);
    }

    private void start() {
        statusManager.start();
        source.start();
        mirrors.start();
    }

    @AfterEach
    void tearDown() {
        source.close();
        mirrors.close();
        workers.stop();
        statusManager.close();
        runtime.close();
        timers.shutdownNow();
        executor.shutdownNow();
        server.close();
    }

    private Optional<Pod> mirror() {
        return server.get(Resources.PODS, "default", NAME);
    }

    private String runningUid() {
        Pod pod = source.snapshot() == null ? null : source.snapshot().running().get("default/" + NAME);
        return pod == null ? null : pod.getMetadata().getUid();
    }

    private boolean mirrorRunningWithHash(String hash) {
        return mirror().map(m -> hash.equals(ConfigAnnotations.mirrorHash(m))
                && m.getMetadata().getDeletionTimestamp() == null
                && "Running".equals(m.getStatus().getPhase())).orElse(false);
    }

    @Test
    void aStaticPodRunsWithoutTheApiServerAndGetsItsMirrorOnceTheApiServerAnswers() throws Exception {
        server.down = true;
        write(dir, "web.yaml", STATIC_WEB);

        start();

        Eventually.await(WAIT, () -> runningUid() != null && statusManager.getPodStatus(runningUid())
                .map(s -> "Running".equals(s.getPhase())).orElse(false), () -> "static pod not running");
        assertTrue(mirror().isEmpty());
        assertTrue(server.requests.stream().allMatch(r -> r.code() == 503), "nothing got through: " + server.requests);

        server.down = false;

        Eventually.await(WAIT, () -> mirrorRunningWithHash(runningUid()), () -> "mirror " + mirror());
    }

    @Test
    void theMirrorPodIsRecreatedWhenDeletedReplacedWhenTheFileChangesAndDeletedWithTheFile() throws Exception {
        server.informerDelayMillis = 150; // as with Kafka, the agent's cache is behind its own writes
        write(dir, "web.yaml", STATIC_WEB);
        start();

        // the mirror: same name and spec, the mirror annotation, owned by the Node, status from the static pod
        Eventually.await(WAIT, () -> runningUid() != null && mirrorRunningWithHash(runningUid()),
                () -> "mirror " + mirror());
        String uid = runningUid();
        Pod mirror = mirror().orElseThrow();
        assertEquals(uid, mirror.getMetadata().getAnnotations().get(ConfigAnnotations.MIRROR));
        assertEquals(uid, mirror.getMetadata().getAnnotations().get(ConfigAnnotations.HASH));
        assertEquals("file", mirror.getMetadata().getAnnotations().get(ConfigAnnotations.SOURCE));
        assertEquals("node-1", mirror.getSpec().getNodeName());
        assertNotEquals(uid, mirror.getMetadata().getUid(), "the api-server gives the mirror its own UID");
        OwnerReference owner = mirror.getMetadata().getOwnerReferences().get(0);
        assertEquals(List.of("v1", "Node", "node-1", node.getMetadata().getUid(), true),
                List.of(owner.getApiVersion(), owner.getKind(), owner.getName(), owner.getUid(), owner.getController()));
        assertEquals(1, workers.knownPods(), "the mirror pod itself is never run");

        // kubectl delete pod: the mirror comes back (a new object), the static pod keeps running
        server.delete(Resources.PODS, "default", NAME, true);
        Eventually.await(WAIT, () -> mirror().map(m -> !m.getMetadata().getUid().equals(mirror.getMetadata().getUid())
                && mirrorRunningWithHash(uid)).orElse(false), () -> "mirror " + mirror());
        assertEquals(uid, runningUid());
        assertEquals(Optional.of(PodWorkerState.SYNC), workers.state(uid));
        assertEquals(0, statusManager.getPodStatus(uid).orElseThrow().getContainerStatuses().get(0).getRestartCount());

        // a malformed manifest next to it changes nothing for the others
        write(dir, "broken.yaml", "apiVersion: v1\nkind: Pod\nmetadata: {name: broken}\nspec: {containers: []}\n");
        Eventually.await(WAIT, () -> source.problems().containsKey("broken.yaml"), () -> "no problem reported");
        assertEquals(uid, runningUid());

        // the file changes: the old pod stops, a new UID runs, the mirror is replaced
        write(dir, "web.yaml", STATIC_WEB.replace("sleep 3600", "sleep 60"));
        Eventually.await(WAIT, () -> runningUid() != null && !runningUid().equals(uid)
                && mirrorRunningWithHash(runningUid()), () -> "mirror " + mirror());
        String newUid = runningUid();
        assertTrue(workers.state(uid).isEmpty(), "the old pod was stopped and forgotten: " + workers.state(uid));
        assertEquals(Optional.of(PodWorkerState.SYNC), workers.state(newUid));
        assertEquals("sleep 60", mirror().orElseThrow().getSpec().getContainers().get(0).getCommand().get(2)
                .replace("while true; do ", "").replace("; done", ""));

        // the file goes: the pod stops and its mirror is deleted
        Files.delete(dir.resolve("web.yaml"));
        Eventually.await(WAIT, () -> mirror().isEmpty() && workers.state(newUid).isEmpty(),
                () -> "mirror " + mirror() + ", worker " + workers.state(newUid));
        assertNull(runningUid());
    }

    @Test
    void anOrphanMirrorOfOurNodeIsDeletedAndOtherNodesMirrorsAreLeftAlone() throws Exception {
        Pod orphan = StaticPodFactory.staticPod(StaticPodManifestTest.parse("x.yaml", STATIC_WEB), "node-1",
                java.time.Instant.now());
        Pod foreign = StaticPodFactory.staticPod(StaticPodManifestTest.parse("x.yaml", STATIC_WEB), "other-node",
                java.time.Instant.now());
        server.create(Resources.PODS, MirrorPodManager.mirrorOf(orphan, node.getMetadata().getUid()));
        server.create(Resources.PODS, MirrorPodManager.mirrorOf(foreign, "uid-of-other-node"));

        start(); // no manifest in the directory

        Eventually.await(WAIT, () -> mirror().isEmpty(), () -> "orphan " + mirror());
        assertTrue(server.get(Resources.PODS, "default", "static-web-other-node").isPresent());
        assertEquals(0, workers.knownPods());
    }
}
