package io.quarkube.e2e;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.quarkube.api.Resources;
import io.quarkube.api.client.ApiClient;
import io.quarkube.launcher.LocalCluster;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static io.quarkube.e2e.SchedulingSupport.bound;
import static io.quarkube.e2e.SchedulingSupport.fakeNode;
import static io.quarkube.e2e.SchedulingSupport.pod;
import static io.quarkube.e2e.SchedulingSupport.unschedulable;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The scheduler on the real cluster, as a user sees it through the API: the Unschedulable condition and
 * FailedScheduling event of a pod that fits nowhere, a waiting pod bound within 2 s of a fitting Node appearing,
 * no overcommit when 1,000 pods hit 10 small nodes at once, and two replicas of which only the Lease holder binds,
 * each pod exactly once, the survivor taking over within 15 s of the leader's SIGKILL. Added nodes are Node objects
 * without a kubelet: their pods never run, so they are deleted with grace 0.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SchedulerEndToEndTest {
    private static final String NS = "scheduler-e2e";

    private final LocalCluster cluster = Cluster.get();
    private final ApiClient api = Cluster.admin();
    private final SchedulingSupport support = new SchedulingSupport(api, cluster);

    @BeforeAll
    static void namespace() {
        Cluster.ensureNamespace(NS);
    }

    @Test
    @Order(1)
    void aPodTooBigForEveryNodeStaysPendingWithKubernetesConditionAndEvent() {
        int nodes = api.list(Resources.NODES, null, null).size();
        api.create(Resources.PODS, pod(NS, "too-big", Map.of(), "1000", "64Mi", Map.of()));
        try {
            String expected = "0/" + nodes + " nodes are available: " + nodes + " Insufficient cpu.";
            Pod pending = await("too-big", SchedulingSupport::unschedulable);
            PodCondition scheduled = SchedulingSupport.condition(pending, "PodScheduled");
            assertEquals("False", scheduled.getStatus());
            assertEquals("Unschedulable", scheduled.getReason());
            assertEquals(expected, scheduled.getMessage());
            assertEquals("Pending", pending.getStatus().getPhase());
            assertNull(pending.getSpec().getNodeName());

            Event event = Awaitility.await("the FailedScheduling event").atMost(Duration.ofSeconds(10))
                    .pollInterval(Duration.ofMillis(250))
                    .until(() -> support.events(NS, "involvedObject.name=too-big,reason=FailedScheduling"),
                            l -> !l.isEmpty()).get(0);
            assertEquals("Warning", event.getType());
            assertEquals(expected, event.getMessage());
            assertEquals("Pod", event.getInvolvedObject().getKind());
            assertEquals(pending.getMetadata().getUid(), event.getInvolvedObject().getUid());
            assertEquals("default-scheduler", event.getSource().getComponent());
        } finally {
            support.deletePods(NS, null, "metadata.name=too-big");
        }
    }

    @Test
    @Order(2)
    void aPodThatFitsNowhereIsBoundWithinTwoSecondsOfAFittingNodeBeingAdded() {
        int nodes = api.list(Resources.NODES, null, null).size();
        api.create(Resources.PODS, pod(NS, "wants-ssd", Map.of(), "100m", "64Mi", Map.of("disk", "ssd")));
        try {
            Pod pending = await("wants-ssd", SchedulingSupport::unschedulable);
            assertEquals("0/" + nodes + " nodes are available: " + nodes
                    + " node(s) didn't match Pod's node affinity/selector.",
                    SchedulingSupport.condition(pending, "PodScheduled").getMessage());

            api.create(Resources.NODES, fakeNode("ssd-node", "4", "8Gi", "110", Map.of("disk", "ssd")));
            long created = System.nanoTime();
            Pod bound = null;
            while (System.nanoTime() - created < Duration.ofSeconds(10).toNanos()) {
                bound = api.get(Resources.PODS, NS, "wants-ssd").orElseThrow();
                if (bound(bound)) {
                    break;
                }
                sleep(50);
            }
            long ms = (System.nanoTime() - created) / 1_000_000;
            System.out.printf("[scheduler-e2e] requeue: bound %d ms after the Node was created%n", ms);
            assertEquals("ssd-node", bound.getSpec().getNodeName(), "bound to the added node within 10 s");
            assertTrue(ms < 2000, "bound " + ms + " ms after the fitting Node was added, expected < 2000 ms");
        } finally {
            support.deletePods(NS, null, "metadata.name=wants-ssd");
            support.deleteNodes(List.of("ssd-node"));
        }
    }

    @Test
    @Order(3)
    void aBurstOfOneThousandPodsNeverOvercommitsTenSmallNodes() {
        List<String> nodes = IntStream.range(0, 10).mapToObj(i -> "burst-" + i).toList();
        SchedulingSupport.parallel(8, nodes, n -> api.create(Resources.NODES,
                fakeNode(n, "1", "2Gi", "110", Map.of("burst", "true"))));
        try {
            long t0 = System.nanoTime();
            SchedulingSupport.parallel(16, IntStream.range(0, 1000).boxed().toList(), i -> api.create(Resources.PODS,
                    pod(NS, "burst-" + i, Map.of("app", "burst"), "100m", "64Mi", Map.of("burst", "true"))));
            double created = (System.nanoTime() - t0) / 1e9;
            List<Pod> settled = Awaitility.await("100 bound, 900 Unschedulable").atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofMillis(500))
                    .until(() -> api.list(Resources.PODS, NS, "app=burst"), pods -> pods.size() == 1000
                            && pods.stream().allMatch(p -> bound(p) || unschedulable(p))
                            && pods.stream().filter(SchedulingSupport::bound).count() >= 100);
            System.out.printf("[scheduler-e2e] burst: 1000 pods created in %.1f s, settled after %.1f s%n",
                    created, (System.nanoTime() - t0) / 1e9);

            // and it stays so: retries of the waiting pods (on every binding, after their backoff) bind no more
            sleep(2000);
            assertEquals(settled.stream().filter(SchedulingSupport::bound).count(), api.list(Resources.PODS, NS,
                    "app=burst").stream().filter(SchedulingSupport::bound).count(), "bound pods 2 s later");

            Map<String, Long> perNode = settled.stream().filter(SchedulingSupport::bound)
                    .collect(Collectors.groupingBy(p -> p.getSpec().getNodeName(), Collectors.counting()));
            assertEquals(100, perNode.values().stream().mapToLong(Long::longValue).sum(), "bound pods: " + perNode);
            nodes.forEach(n -> assertEquals(10L, perNode.get(n), "pods (100m each) on the 1-cpu " + n + ": " + perNode));
            assertEquals(900, settled.stream().filter(SchedulingSupport::unschedulable).count());
            int others = api.list(Resources.NODES, null, null).size() - nodes.size();
            Map<String, Long> messages = settled.stream().filter(SchedulingSupport::unschedulable).collect(Collectors
                    .groupingBy(p -> SchedulingSupport.condition(p, "PodScheduled").getMessage(), Collectors.counting()));
            String usual = messages.entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow().getKey();
            assertEquals("0/" + (others + 10) + " nodes are available: 10 Insufficient cpu, " + others
                    + " node(s) didn't match Pod's node affinity/selector.", usual, "messages: " + messages);
        } finally {
            support.deletePods(NS, "app=burst", "spec.nodeName="); // the waiting ones first: no requeue storm
            support.deletePods(NS, "app=burst", null);
            support.deleteNodes(nodes);
        }
    }

    @Test
    @Order(4)
    void twoReplicasBindEachPodOnceAndTheSurvivorTakesOverWithinFifteenSecondsOfAKill() {
        List<String> nodes = IntStream.range(0, 5).mapToObj(i -> "ha-" + i).toList();
        SchedulingSupport.parallel(5, nodes, n -> api.create(Resources.NODES,
                fakeNode(n, "32", "64Gi", "110", Map.of("ha", "true"))));
        LocalCluster.Replica replica = cluster.startReplica(LocalCluster.SCHEDULER, "2");
        try {
            new FailoverCheck(api, support, cluster, replica, NS).run();
        } catch (RuntimeException | Error e) {
            try {
                restore(replica, nodes);
            } catch (RuntimeException | Error r) {
                e.addSuppressed(r);
            }
            throw e;
        }
        restore(replica, nodes);
    }

    /** Back to the launcher's single scheduler, leading, so that the other tests of this JVM see a normal cluster. */
    private void restore(LocalCluster.Replica replica, List<String> nodes) {
        if (!cluster.isRunning(LocalCluster.SCHEDULER)) {
            cluster.restart(LocalCluster.SCHEDULER);
        }
        replica.stop(); // releases the Lease if it held it: the launcher's scheduler takes over at once
        Awaitility.await("the launcher's scheduler holds the Lease again").atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(250)).until(() -> {
                    String id = SchedulingSupport.leaderIdentity(cluster.logFile(LocalCluster.SCHEDULER));
                    return id != null && id.equals(api.get(Resources.LEASES, "kube-system", "kube-scheduler")
                            .orElseThrow().getSpec().getHolderIdentity());
                });
        support.deletePods(NS, "app=ha", null);
        support.deleteNodes(nodes);
    }

    private Pod await(String name, java.util.function.Predicate<Pod> condition) {
        return Awaitility.await(name).atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100))
                .until(() -> api.get(Resources.PODS, NS, name).orElse(null), p -> p != null && condition.test(p));
    }

    static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
