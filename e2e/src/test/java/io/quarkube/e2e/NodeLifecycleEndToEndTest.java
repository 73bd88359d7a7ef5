package io.quarkube.e2e;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeCondition;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Taint;
import io.fabric8.kubernetes.api.model.Toleration;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder;
import io.quarkube.api.Resources;
import io.quarkube.api.client.ApiClient;
import io.quarkube.api.client.ApiException;
import io.quarkube.launcher.LocalCluster;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A third kubelet agent (its own node, e2e-lost-1) is SIGKILLed while a ReplicaSet's pods run on it: after the
 * grace period (40 s) its node is Ready=Unknown and tainted unreachable, its pods are Failed with reason NodeLost
 * and replaced on the other nodes with new UIDs, the ReplicaSet counts stay exact, the pods are deleted when their
 * toleration (20 s here) runs out; once the dead Node is deleted, pod GC removes the pod that tolerated it.
 */
class NodeLifecycleEndToEndTest {
    private static final String NS = "node-lifecycle";
    private static final String NODE = "e2e-lost-1";
    private static final String UNREACHABLE = "node.kubernetes.io/unreachable";

    private final LocalCluster cluster = Cluster.get();
    private final ApiClient api = Cluster.admin();

    @Test
    void aKilledAgentsPodsAreFailedReplacedEvictedAndCollected() throws Exception {
        Cluster.ensureNamespace(NS);
        LocalCluster.Replica agent = cluster.startReplica(LocalCluster.KUBELET_AGENT, "lost", Map.of(
                "QUARKUBE_KUBELET_NODE_NAME_PREFIX", "e2e-lost", "QUARKUBE_KUBELET_NODE_COUNT", "1",
                "QUARKUBE_KUBELET_RUNTIME", "simulated",
                "QUARKUBE_KUBELET_WORK_DIR", dir("kubelet-lost").toString(),
                "QUARKUBE_KUBELET_STATIC_POD_PATH", dir("manifests-lost").toString()));
        try {
            await("node " + NODE + " Ready", 60, () -> "True".equals(ready(node())));
            api.create(Resources.REPLICASETS, replicaSet());
            api.create(Resources.PODS, staysWithNode());
            List<Pod> lost = await("3 pods ready on " + NODE, 60, this::activePods,
                    pods -> pods.size() == 3 && pods.stream().allMatch(p -> NODE.equals(p.getSpec().getNodeName())
                            && ready(p)));
            Set<String> lostUids = uids(lost);
            await("pod stays Running", 30, () -> api.get(Resources.PODS, NS, "stays")
                    .filter(p -> "Running".equals(Pods.phase(p))).isPresent());
            unpinTemplate(); // replacements may go anywhere; the running pods stay where they are

            long kill = System.nanoTime();
            agent.kill();
            await("node " + NODE + " Unknown", 120, () -> "Unknown".equals(ready(node())));
            long unknownMs = sinceMs(kill);
            Node node = node();
            for (NodeCondition c : node.getStatus().getConditions()) {
                assertEquals("Unknown", c.getStatus(), c.getType());
                assertEquals("NodeStatusUnknown", c.getReason());
                assertEquals("Kubelet stopped posting node status.", c.getMessage());
            }
            await("unreachable taints", 10, () -> taints(node()).containsAll(
                    Set.of(UNREACHABLE + ":NoSchedule", UNREACHABLE + ":NoExecute")));

            for (String name : lost.stream().map(p -> p.getMetadata().getName()).toList()) {
                Pod failed = await(name + " Failed/NodeLost", 15, () -> api.get(Resources.PODS, NS, name).orElse(null),
                        p -> p != null && "Failed".equals(Pods.phase(p)));
                assertEquals("NodeLost", failed.getStatus().getReason());
                assertEquals("Node " + NODE + " which was running pod " + name + " is unresponsive",
                        failed.getStatus().getMessage());
                assertFalse(ready(failed));
            }
            List<Pod> replacements = await("3 replacements ready elsewhere", 60, this::activePods,
                    pods -> pods.size() == 3 && pods.stream().allMatch(p -> ready(p)
                            && !NODE.equals(p.getSpec().getNodeName())));
            long replacedMs = sinceMs(kill);
            assertTrue(uids(replacements).stream().noneMatch(lostUids::contains), "new UIDs");
            await("ReplicaSet status 3/3", 30, () -> {
                ReplicaSet rs = api.get(Resources.REPLICASETS, NS, "lost").orElseThrow();
                return rs.getStatus() != null && Integer.valueOf(3).equals(rs.getStatus().getReplicas())
                        && Integer.valueOf(3).equals(rs.getStatus().getReadyReplicas())
                        && Integer.valueOf(3).equals(rs.getStatus().getAvailableReplicas());
            });

            Pod stays = api.get(Resources.PODS, NS, "stays").orElseThrow();
            assertEquals("Running", Pods.phase(stays), "it tolerates the unreachable taint for ever");
            assertFalse(ready(stays));

            await("the lost pods deleted after their 20 s toleration", 60, () -> api.list(Resources.PODS, NS, "app=lost")
                    .stream().noneMatch(p -> lostUids.contains(p.getMetadata().getUid())));
            long evictedMs = sinceMs(kill);
            Set<String> expected = lost.stream().map(p -> "TaintManagerEviction: Marking for deletion Pod " + NS + "/"
                    + p.getMetadata().getName()).collect(Collectors.toSet());
            expected.add("NodeNotReady: Node " + NODE + " status is now: NodeNotReady");
            await("the eviction and NodeNotReady events", 20, () -> api.list(Resources.EVENTS, null, null).stream()
                    .map(e -> e.getReason() + ": " + e.getMessage()).collect(Collectors.toSet()).containsAll(expected));
            assertEquals(3, activePods().size(), "never a fourth pod");
            ReplicaSet rs = api.get(Resources.REPLICASETS, NS, "lost").orElseThrow();
            assertEquals(3, rs.getStatus().getReplicas());
            assertEquals(3, rs.getStatus().getReadyReplicas());

            long deleteNode = System.nanoTime();
            api.delete(Resources.NODES, null, NODE);
            await("pod GC removes the pod of the deleted node", 120,
                    () -> api.get(Resources.PODS, NS, "stays").isEmpty());
            long collectedMs = sinceMs(deleteNode);
            System.out.printf("[node-lifecycle-e2e] after SIGKILL: Unknown + tainted at %d ms, 3 replacements ready "
                    + "at %d ms, lost pods evicted at %d ms; pod GC %d ms after the node's deletion%n",
                    unknownMs, replacedMs, evictedMs, collectedMs);
            assertTrue(unknownMs >= 30_000, "not before the 40 s grace period (the last renewal may be 10 s old): "
                    + unknownMs);
        } finally {
            if (agent.isRunning()) {
                agent.kill();
            }
            ignoreMissing(() -> api.delete(Resources.REPLICASETS, NS, "lost"));
            ignoreMissing(() -> api.delete(Resources.NODES, null, NODE));
        }
    }

    private static ReplicaSet replicaSet() {
        return new ReplicaSetBuilder().withNewMetadata().withNamespace(NS).withName("lost").endMetadata()
                .withNewSpec().withReplicas(3).withNewSelector().addToMatchLabels("app", "lost").endSelector()
                .withNewTemplate().withNewMetadata().addToLabels("app", "lost").endMetadata()
                .withNewSpec().addToNodeSelector("kubernetes.io/hostname", NODE)
                .addToTolerations(new Toleration("NoExecute", UNREACHABLE, "Exists", 20L, null))
                .addNewContainer().withName("web").withImage("nginx:1.27").endContainer().endSpec()
                .endTemplate().endSpec().build();
    }

    /** Bound straight to the node, and tolerating its loss for ever (as a DaemonSet pod does). */
    private static Pod staysWithNode() {
        return new PodBuilder().withNewMetadata().withNamespace(NS).withName("stays").endMetadata()
                .withNewSpec().withNodeName(NODE)
                .addToTolerations(new Toleration("NoExecute", UNREACHABLE, "Exists", null, null))
                .addNewContainer().withName("web").withImage("nginx:1.27").endContainer().endSpec().build();
    }

    private void unpinTemplate() {
        Updates.update(api, Resources.REPLICASETS, NS, "lost",
                rs -> rs.getSpec().getTemplate().getSpec().setNodeSelector(null));
    }

    private List<Pod> activePods() {
        return api.list(Resources.PODS, NS, "app=lost").stream()
                .filter(p -> p.getMetadata().getDeletionTimestamp() == null)
                .filter(p -> !"Failed".equals(Pods.phase(p)) && !"Succeeded".equals(Pods.phase(p))).toList();
    }

    private Node node() {
        return api.get(Resources.NODES, null, NODE).orElseThrow();
    }

    private static String ready(Node node) {
        return node.getStatus() == null || node.getStatus().getConditions() == null ? null
                : node.getStatus().getConditions().stream().filter(c -> "Ready".equals(c.getType()))
                .map(NodeCondition::getStatus).findFirst().orElse(null);
    }

    private static boolean ready(Pod pod) {
        return pod.getStatus() != null && pod.getStatus().getConditions() != null && pod.getStatus().getConditions()
                .stream().anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
    }

    private static Set<String> taints(Node node) {
        List<Taint> taints = node.getSpec().getTaints() == null ? List.of() : node.getSpec().getTaints();
        return taints.stream().map(t -> t.getKey() + ":" + t.getEffect()).collect(Collectors.toSet());
    }

    private static Set<String> uids(List<Pod> pods) {
        return pods.stream().map(p -> p.getMetadata().getUid()).collect(Collectors.toSet());
    }

    private Path dir(String name) {
        try {
            return Files.createDirectories(cluster.dataDir().resolve(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static long sinceMs(long start) {
        return (System.nanoTime() - start) / 1_000_000;
    }

    private static void await(String what, int seconds, java.util.concurrent.Callable<Boolean> condition) {
        Awaitility.await(what).atMost(Duration.ofSeconds(seconds)).pollInterval(Duration.ofMillis(250))
                .until(condition);
    }

    private static <T> T await(String what, int seconds, java.util.concurrent.Callable<T> value,
                               java.util.function.Predicate<? super T> condition) {
        return Awaitility.await(what).atMost(Duration.ofSeconds(seconds)).pollInterval(Duration.ofMillis(250))
                .until(value, condition::test);
    }

    private static void ignoreMissing(Runnable action) {
        try {
            action.run();
        } catch (ApiException e) {
            if (!e.isNotFound()) {
                throw e;
            }
        }
    }
}
