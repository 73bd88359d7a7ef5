package io.quarkube.controllermanager.daemonset;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static io.quarkube.controllermanager.daemonset.DaemonSetFixtures.daemonPod;
import static io.quarkube.controllermanager.daemonset.DaemonSetFixtures.daemonSet;
import static io.quarkube.controllermanager.daemonset.DaemonSetFixtures.node;
import static io.quarkube.controllermanager.daemonset.DaemonSetFixtures.withStrategy;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RollingUpdatePlanTest {
    private static final Instant NOW = Instant.parse("2025-01-01T00:10:00Z");
    private static final String READY = "2025-01-01T00:00:00Z";
    private final Map<String, Node> nodes = new HashMap<>();
    private final Map<String, List<Pod>> pods = new HashMap<>();

    private void nodeWith(DaemonSet ds, String name, String hash, String readySince) {
        nodes.put(name, node(name));
        pods.computeIfAbsent(name, k -> new ArrayList<>())
                .add(daemonPod(ds, "p-" + name + "-" + hash, name, hash, "2025-01-01T00:00:00Z", readySince));
    }

    private RollingUpdatePlan plan(DaemonSet ds) {
        return RollingUpdatePlan.compute(ds, nodes, NodeEligibility.of(ds), pods, "new", NOW);
    }

    private static List<String> names(List<Pod> pods) {
        return pods.stream().map(p -> p.getMetadata().getName()).toList();
    }

    @Test
    void maxUnavailableBoundsTheOldPodsDeletedAtOnce() {
        DaemonSet ds = daemonSet("agent");
        for (int i = 1; i <= 5; i++) {
            nodeWith(ds, "n" + i, "old", READY);
        }
        assertEquals(1, plan(ds).podsToDelete().size());
        assertEquals(2, plan(withStrategy(ds, 2, 0)).podsToDelete().size());
        assertEquals(3, plan(withStrategy(ds, "50%", 0)).podsToDelete().size()); // 2.5 rounded up
        assertTrue(plan(ds).nodesToCreate().isEmpty());
    }

    @Test
    void aTerminatingPodOnARemovedNodeDoesNotStallTheUpdate() {
        DaemonSet ds = daemonSet("agent");
        nodeWith(ds, "n1", "old", READY);
        nodeWith(ds, "n2", "old", READY);
        Pod leaving = daemonPod(ds, "p-gone", "gone", "old", "2025-01-01T00:00:00Z", READY);
        leaving.getMetadata().setDeletionTimestamp("2025-01-01T00:09:00Z");
        pods.put("gone", new ArrayList<>(List.of(leaving))); // its Node object is deleted already
        assertEquals(1, plan(ds).podsToDelete().size());
    }

    @Test
    void unavailableNewPodsUseUpTheBudget() {
        DaemonSet ds = daemonSet("agent");
        nodeWith(ds, "n1", "new", null); // replaced, not ready yet
        nodeWith(ds, "n2", "old", READY);
        nodeWith(ds, "n3", "old", READY);
        assertTrue(plan(ds).podsToDelete().isEmpty());
        assertEquals(1, plan(withStrategy(ds, 2, 0)).podsToDelete().size());
    }

    @Test
    void anUnavailableOldPodIsReplacedWhateverTheBudget() {
        DaemonSet ds = daemonSet("agent");
        nodeWith(ds, "n1", "new", null);
        nodeWith(ds, "n2", "old", null);
        nodeWith(ds, "n3", "old", READY);
        assertEquals(List.of("p-n2-old"), names(plan(ds).podsToDelete()));
    }

    @Test
    void maxSurgeCreatesNewPodsBesideOldOnes() {
        DaemonSet ds = withStrategy(daemonSet("agent"), 0, 1);
        nodeWith(ds, "n1", "old", READY);
        nodeWith(ds, "n2", "old", READY);
        nodeWith(ds, "n3", "old", READY);
        RollingUpdatePlan plan = plan(ds);
        assertEquals(1, plan.nodesToCreate().size());
        assertTrue(plan.podsToDelete().isEmpty());
        assertEquals(3, plan(withStrategy(ds, 0, "100%")).nodesToCreate().size());
    }

    @Test
    void withSurgeTheOldPodGoesOnceTheNewOneIsAvailable() {
        DaemonSet ds = withStrategy(daemonSet("agent"), 0, 1);
        nodeWith(ds, "n1", "old", READY);
        nodeWith(ds, "n1", "new", null);
        nodeWith(ds, "n2", "old", READY);
        RollingUpdatePlan waiting = plan(ds);
        assertTrue(waiting.podsToDelete().isEmpty());
        assertTrue(waiting.nodesToCreate().isEmpty()); // the one surge slot is in use on n1

        pods.get("n1").set(1, daemonPod(ds, "p-n1-new", "n1", "new", "2025-01-01T00:00:00Z", READY));
        RollingUpdatePlan done = plan(ds);
        assertEquals(List.of("p-n1-old"), names(done.podsToDelete()));
        assertEquals(List.of("n2"), done.nodesToCreate());
    }
}
