package io.quarkube.e2e;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.ControllerRevision;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.quarkube.api.Resources;
import io.quarkube.api.client.ApiClient;
import io.quarkube.api.client.ApiException;
import io.quarkube.launcher.LocalCluster;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The notes' node-agent DaemonSet on the real cluster: one Ready pod on every node; a node whose kubelet agent
 * joins later gets its pod (bound there by the scheduler, Ready), a node removed loses it; an image change rolls node by node and
 * {@code kubectl rollout status} reports success.
 */
class DaemonSetEndToEndTest {
    private static final String NS = "daemonset-e2e";
    private static final String EXTRA_PREFIX = "ds-e2e-extra";
    /** The kubelet agent names its nodes prefix-1, prefix-2, ... */
    private static final String EXTRA_NODE = EXTRA_PREFIX + "-1";
    private static final Path EXAMPLES = Path.of("..").toAbsolutePath().normalize().getParent()
            .resolve("shared/examples");
    private static final Duration WAIT = Duration.ofSeconds(120);

    private final ApiClient api = Cluster.admin();

    @BeforeAll
    static void namespace() {
        Cluster.ensureNamespace(NS);
    }

    @Test
    void nodeAgentRunsOnEveryNodeFollowsTheNodesAndRollsOut() throws Exception {
        Map<?, ?> manifest = new ObjectMapper(new YAMLFactory())
                .readValue(EXAMPLES.resolve("node-agent-daemonset.yaml").toFile(), Map.class);
        api.post("/apis/apps/v1/namespaces/" + NS + "/daemonsets", manifest, DaemonSet.class);
        long start = System.nanoTime();
        Set<String> nodes = api.list(Resources.NODES, null, null).stream().map(n -> n.getMetadata().getName())
                .collect(Collectors.toSet());

        DaemonSet ready = awaitDaemonSet("a Ready pod on each of " + nodes, ds -> num(ds.getStatus().getNumberReady())
                == nodes.size() && num(ds.getStatus().getDesiredNumberScheduled()) == nodes.size());
        assertEquals(nodes.size(), num(ready.getStatus().getCurrentNumberScheduled()));
        assertEquals(0, num(ready.getStatus().getNumberMisscheduled()));
        assertEquals(nodes, podNodes(), "exactly one pod per node");
        phase("every node has its Ready pod", start);

        // a node joins: one more kubelet agent (simulated runtime) registers it
        LocalCluster.Replica agent = Cluster.get().startReplica(LocalCluster.KUBELET_AGENT, "ds-extra", Map.of(
                "QUARKUBE_KUBELET_NODE_NAME_PREFIX", EXTRA_PREFIX, "QUARKUBE_KUBELET_NODE_COUNT", "1",
                "QUARKUBE_KUBELET_RUNTIME", "simulated",
                "QUARKUBE_KUBELET_WORK_DIR", dir("kubelet-ds-extra").toString(),
                "QUARKUBE_KUBELET_STATIC_POD_PATH", dir("manifests-ds-extra").toString()));
        try {
            DaemonSet grown = awaitDaemonSet("a Ready pod on the added node too", ds ->
                    num(ds.getStatus().getDesiredNumberScheduled()) == nodes.size() + 1
                            && num(ds.getStatus().getNumberReady()) == nodes.size() + 1);
            assertEquals(nodes.size() + 1, num(grown.getStatus().getCurrentNumberScheduled()));
            assertTrue(podNodes().contains(EXTRA_NODE), "the scheduler bound its pod there: " + podNodes());
            phase("the added node's pod is Ready", start);
        } finally {
            agent.stop(); // the node leaves: its agent stops and the Node is deleted
            deleteExtraNode();
        }
        awaitDaemonSet("the removed node's pod gone", ds -> num(ds.getStatus().getDesiredNumberScheduled())
                == nodes.size() && num(ds.getStatus().getCurrentNumberScheduled()) == nodes.size());
        Awaitility.await("no pod left on the removed node").atMost(WAIT).pollInterval(Duration.ofMillis(500))
                .until(() -> !podNodes().contains(EXTRA_NODE) && podNodes().equals(nodes));
        phase("the removed node's pod is gone", start);

        Kubectl kubectl = new Kubectl(Cluster.get());
        Kubectl.Result set = kubectl.run("set", "image", "daemonset/node-agent", "agent=busybox:1.36", "-n", NS);
        assertTrue(set.ok(), set.toString());
        phase("kubectl set image returned", start);
        Kubectl.Result status = kubectl.run(150, "rollout", "status", "daemonset/node-agent", "-n", NS,
                "--timeout=140s");
        assertTrue(status.ok(), status.toString());
        assertTrue(status.out().contains("daemon set \"node-agent\" successfully rolled out"), status.toString());
        phase("kubectl rollout status succeeded", start);
        DaemonSet rolled = awaitDaemonSet("every node updated", ds -> num(ds.getStatus().getUpdatedNumberScheduled())
                == nodes.size() && num(ds.getStatus().getNumberAvailable()) == nodes.size()
                && ds.getStatus().getObservedGeneration() >= ds.getMetadata().getGeneration());
        assertEquals(nodes.size(), num(rolled.getStatus().getNumberReady()));
        Awaitility.await("only new pods are left").atMost(WAIT).pollInterval(Duration.ofMillis(500))
                .until(() -> activePods().stream().allMatch(p -> "busybox:1.36".equals(image(p)))
                        && activePods().size() == nodes.size());
        List<ControllerRevision> revisions = api.list(Resources.CONTROLLER_REVISIONS, NS, null);
        assertEquals(2, revisions.size(), "one ControllerRevision per template: " + revisions);
        ControllerRevision newest = revisions.stream().filter(r -> r.getRevision() == 2L).findFirst().orElseThrow();
        String hash = newest.getMetadata().getLabels().get("controller-revision-hash");
        assertEquals("node-agent-" + hash, newest.getMetadata().getName());
        assertTrue(activePods().stream().allMatch(p -> hash.equals(p.getMetadata().getLabels()
                .get("controller-revision-hash"))), "the pods carry the new revision's hash");

        api.delete(Resources.DAEMONSETS, NS, "node-agent");
        forceDeleteLeftovers();
    }

    /** No kubelet confirms the removed node's pod deletion: drop it now. */
    private void forceDeleteLeftovers() {
        for (Pod pod : api.list(Resources.PODS, NS, "app=node-agent")) {
            if (EXTRA_NODE.equals(pod.getSpec().getNodeName())) {
                api.delete(Resources.PODS, NS, pod.getMetadata().getName(),
                        new io.fabric8.kubernetes.api.model.DeleteOptionsBuilder().withGracePeriodSeconds(0L).build());
            }
        }
    }

    private static Path dir(String name) {
        try {
            return Files.createDirectories(Cluster.get().dataDir().resolve(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void deleteExtraNode() {
        try {
            api.delete(Resources.NODES, null, EXTRA_NODE);
        } catch (ApiException e) {
            if (!e.isNotFound()) {
                throw e;
            }
        }
    }

    private DaemonSet awaitDaemonSet(String what, Predicate<DaemonSet> condition) {
        return Awaitility.await(what).atMost(WAIT).pollInterval(Duration.ofMillis(500))
                .until(() -> api.get(Resources.DAEMONSETS, NS, "node-agent").orElseThrow(),
                        ds -> ds.getStatus() != null && condition.test(ds));
    }

    private List<Pod> activePods() {
        return api.list(Resources.PODS, NS, "app=node-agent").stream()
                .filter(p -> p.getMetadata().getDeletionTimestamp() == null).toList();
    }

    private Set<String> podNodes() {
        List<Pod> pods = activePods();
        Set<String> nodes = pods.stream().map(p -> p.getSpec().getNodeName()).collect(Collectors.toSet());
        return nodes.size() == pods.size() ? nodes : Set.of("duplicates: " + pods.size() + " pods");
    }

    private static String image(Pod pod) {
        return pod.getSpec().getContainers().get(0).getImage();
    }

    private static void phase(String what, long start) {
        System.out.printf("[daemonset-e2e] %s after %d ms%n", what, (System.nanoTime() - start) / 1_000_000);
    }

    private static int num(Integer value) {
        return value == null ? 0 : value;
    }
}
