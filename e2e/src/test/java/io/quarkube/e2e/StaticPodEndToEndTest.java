package io.quarkube.e2e;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.quarkube.api.Resources;
import io.quarkube.api.client.ApiClient;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.util.Map;
import java.util.function.Predicate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Node heartbeats and static pods on the real cluster: each node's Lease is renewed while the Node object is left
 * alone; the shared static-web manifest put into .quarkube/manifests runs on node 1 and appears as a read-only mirror
 * pod, which comes back when deleted through the API, is replaced when the file changes and goes with the file.
 */
class StaticPodEndToEndTest {
    private static final String MIRROR = "static-web-quarkube-node-1";
    private static final String MIRROR_ANNOTATION = "kubernetes.io/config.mirror";
    private static final String STATIC_WEB = """
            apiVersion: v1
            kind: Pod
            metadata:
              name: static-web
            spec:
              containers:
                - name: web
                  image: busybox:1.28
                  command: ["sh", "-c", "while true; do sleep 3600; done"]
            """;

    private final ApiClient api = Cluster.admin();

    @Test
    void nodeLeasesAreRenewedWhileTheNodeStatusIsNotRewrittenAtEveryHeartbeat() {
        Lease lease = Awaitility.await("node lease").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                .until(() -> api.get(Resources.LEASES, "kube-node-lease", "quarkube-node-1").orElse(null),
                        l -> l != null);
        Node node = api.get(Resources.NODES, null, "quarkube-node-1").orElseThrow();
        OwnerReference owner = lease.getMetadata().getOwnerReferences().get(0);
        assertEquals("Node", owner.getKind());
        assertEquals(node.getMetadata().getUid(), owner.getUid());
        assertEquals("quarkube-node-1", lease.getSpec().getHolderIdentity());
        assertEquals(40, lease.getSpec().getLeaseDurationSeconds());

        ZonedDateTime renewed = lease.getSpec().getRenewTime();
        Awaitility.await("lease renewal").atMost(Duration.ofSeconds(25)).pollInterval(Duration.ofSeconds(1))
                .until(() -> api.get(Resources.LEASES, "kube-node-lease", "quarkube-node-1").orElseThrow().getSpec()
                        .getRenewTime().isAfter(renewed));
        // node status is reported when it changes or every 5 minutes: the heartbeat did not touch the Node
        assertEquals(node.getMetadata().getResourceVersion(),
                api.get(Resources.NODES, null, "quarkube-node-1").orElseThrow().getMetadata().getResourceVersion());
    }

    @Test
    void aStaticPodIsMirroredRecreatedReplacedAndRemovedWithItsManifest() throws Exception {
        Path manifest = Cluster.get().dataDir().resolve("manifests/static-web.yaml");
        Files.writeString(manifest, STATIC_WEB);
        try {
            Pod mirror = await(p -> p != null && "Running".equals(p.getStatus().getPhase()), "a Running mirror");
            String hash = mirror.getMetadata().getAnnotations().get(MIRROR_ANNOTATION);
            assertEquals(hash, mirror.getMetadata().getAnnotations().get("kubernetes.io/config.hash"));
            assertEquals("file", mirror.getMetadata().getAnnotations().get("kubernetes.io/config.source"));
            assertEquals("quarkube-node-1", mirror.getSpec().getNodeName());
            assertEquals("Node", mirror.getMetadata().getOwnerReferences().get(0).getKind());

            // the mirror is read-only as far as its mirror annotation goes
            Pod edited = api.get(Resources.PODS, "default", MIRROR).orElseThrow();
            edited.getMetadata().setAnnotations(Map.of("kubernetes.io/config.mirror", "forged"));
            assertEquals(422, assertThrowsApi(() -> api.update(Resources.PODS, edited)));

            // kubectl delete pod: the kubelet deletes it for good and creates it again; the static pod keeps running
            api.delete(Resources.PODS, "default", MIRROR);
            Pod again = await(p -> p != null && !p.getMetadata().getUid().equals(mirror.getMetadata().getUid())
                    && p.getMetadata().getDeletionTimestamp() == null && "Running".equals(p.getStatus().getPhase()),
                    "a new Running mirror");
            assertEquals(hash, again.getMetadata().getAnnotations().get(MIRROR_ANNOTATION));
            assertEquals(0, again.getStatus().getContainerStatuses().get(0).getRestartCount());

            // a changed manifest is a new static pod: its mirror carries the new hash
            Files.writeString(manifest, STATIC_WEB.replace("sleep 3600", "sleep 600"));
            Pod replaced = await(p -> p != null && !hash.equals(p.getMetadata().getAnnotations().get(MIRROR_ANNOTATION))
                    && "Running".equals(p.getStatus().getPhase()), "the mirror of the changed manifest");
            assertTrue(replaced.getSpec().getContainers().get(0).getCommand().get(2).contains("sleep 600"));
        } finally {
            Files.deleteIfExists(manifest);
        }
        await(p -> p == null, "the mirror deleted with its manifest");
    }

    private Pod await(Predicate<Pod> condition, String what) {
        return Awaitility.await(what).atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500))
                .until(() -> api.get(Resources.PODS, "default", MIRROR), p -> condition.test(p.orElse(null)))
                .orElse(null);
    }

    private static int assertThrowsApi(Runnable action) {
        try {
            action.run();
        } catch (io.quarkube.api.client.ApiException e) {
            return e.code();
        }
        throw new AssertionError("expected the api-server to refuse");
    }
}
