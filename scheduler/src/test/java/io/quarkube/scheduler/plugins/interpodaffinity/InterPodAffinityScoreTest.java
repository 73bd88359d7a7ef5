package io.quarkube.scheduler.plugins.interpodaffinity;

import io.fabric8.kubernetes.api.model.Pod;
import io.quarkube.scheduler.framework.CycleState;
import io.quarkube.scheduler.framework.Framework;
import io.quarkube.scheduler.framework.NodeInfo;
import io.quarkube.scheduler.framework.Snapshot;
import io.quarkube.scheduler.framework.Status;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.quarkube.scheduler.Fixtures.nodeInfo;
import static io.quarkube.scheduler.plugins.interpodaffinity.AffinityFixtures.HOSTNAME;
import static io.quarkube.scheduler.plugins.interpodaffinity.AffinityFixtures.ZONE;
import static io.quarkube.scheduler.plugins.interpodaffinity.AffinityFixtures.node;
import static io.quarkube.scheduler.plugins.interpodaffinity.AffinityFixtures.on;
import static io.quarkube.scheduler.plugins.interpodaffinity.AffinityFixtures.pod;
import static io.quarkube.scheduler.plugins.interpodaffinity.AffinityFixtures.preferredAffinity;
import static io.quarkube.scheduler.plugins.interpodaffinity.AffinityFixtures.preferredAntiAffinity;
import static io.quarkube.scheduler.plugins.interpodaffinity.AffinityFixtures.requiredAffinity;
import static io.quarkube.scheduler.plugins.interpodaffinity.AffinityFixtures.term;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** PreScore, Score and NormalizeScore: preferred terms of the incoming pod and of the pods already placed. */
class InterPodAffinityScoreTest {
    private final InterPodAffinity plugin = new InterPodAffinity();

    /** n1 (zone a) runs a db; n2 (zone a) a cache; n3 (zone b) nothing. */
    private static List<NodeInfo> cluster() {
        return List.of(
                nodeInfo(node("n1", "a"), on("n1", pod("db", "app", "db"))),
                nodeInfo(node("n2", "a"), on("n2", pod("cache", "app", "cache"))),
                nodeInfo(node("n3", "b")));
    }

    /** Normalized (not yet weighted) scores in node order, or null if PreScore skipped. */
    private long[] normalizedScores(InterPodAffinity p, Pod pod, List<NodeInfo> nodes) {
        CycleState state = new CycleState(Snapshot.of(nodes));
        Status pre = p.preScore(state, pod, nodes);
        if (pre.isSkip()) {
            return null;
        }
        assertTrue(pre.isSuccess(), pre.toString());
        long[] scores = new long[nodes.size()];
        for (int i = 0; i < scores.length; i++) {
            scores[i] = p.score(state, pod, nodes.get(i));
        }
        p.normalize(state, pod, scores);
        return scores;
    }

    private long[] rawScores(Pod pod, List<NodeInfo> nodes) {
        CycleState state = new CycleState(Snapshot.of(nodes));
        assertTrue(plugin.preScore(state, pod, nodes).isSuccess());
        return nodes.stream().mapToLong(n -> plugin.score(state, pod, n)).toArray();
    }

    @Test
    void plainPodInAClusterWithoutAffinityIsSkipped() {
        assertEquals(null, normalizedScores(plugin, pod("web", "app", "web"), cluster()));
    }

    @Test
    void preferredAffinityFavoursTheZoneOfTheMatchingPod() {
        Pod web = preferredAffinity(pod("web", "app", "web"), 10, term(ZONE, "app", "db"));
        assertArrayEquals(new long[] {10, 10, 0}, rawScores(web, cluster()));
        assertArrayEquals(new long[] {100, 100, 0}, normalizedScores(plugin, web, cluster()));
    }

    @Test
    void weightsOfSeveralTermsAddUpPerTopology() {
        Pod web = preferredAffinity(preferredAffinity(pod("web", "app", "web"), 10, term(ZONE, "app", "db")),
                30, term(HOSTNAME, "app", "cache"));
        assertArrayEquals(new long[] {10, 40, 0}, rawScores(web, cluster()));
        assertArrayEquals(new long[] {25, 100, 0}, normalizedScores(plugin, web, cluster()));
    }

    @Test
    void preferredAntiAffinityFavoursTheOtherZones() {
        Pod web = preferredAntiAffinity(pod("web", "app", "web"), 50, term(ZONE, "app", "db"));
        assertArrayEquals(new long[] {-50, -50, 0}, rawScores(web, cluster()));
        assertArrayEquals(new long[] {0, 0, 100}, normalizedScores(plugin, web, cluster()));
    }

    @Test
    void normalizeScalesMinToZeroAndMaxToHundred() {
        Pod web = preferredAntiAffinity(preferredAffinity(pod("web", "app", "web"), 20, term(HOSTNAME, "app", "db")),
                20, term(HOSTNAME, "app", "cache"));
        assertArrayEquals(new long[] {20, -20, 0}, rawScores(web, cluster()));
        assertArrayEquals(new long[] {100, 0, 50}, normalizedScores(plugin, web, cluster()));
    }

    @Test
    void preferredTermsMatchingNothingLeaveEveryNodeEqual() {
        Pod web = preferredAffinity(pod("web", "app", "web"), 10, term(ZONE, "app", "nothing"));
        assertEquals(null, normalizedScores(plugin, web, cluster()), "no pair got a weight: PreScore skips");
    }

    @Test
    void existingPodsRequiredAffinityAttractsTheIncomingPodAtHardWeight() {
        // the sidecar on n3 requires web pods in its zone: a web pod scores its zone at hardPodAffinityWeight
        List<NodeInfo> nodes = List.of(nodeInfo(node("n1", "a")),
                nodeInfo(node("n3", "b"), requiredAffinity(on("n3", pod("sidecar", "app", "side")),
                        term(ZONE, "app", "web"))));
        Pod web = pod("web", "app", "web");
        assertArrayEquals(new long[] {0, 1}, rawScores(web, nodes));
        assertArrayEquals(new long[] {0, 100}, normalizedScores(plugin, web, nodes));
        InterPodAffinity noHardWeight = new InterPodAffinity(ns -> null, 0);
        assertEquals(null, normalizedScores(noHardWeight, web, nodes));
    }

    @Test
    void existingPodsPreferredTermsTowardsTheIncomingPodCount() {
        List<NodeInfo> nodes = List.of(
                nodeInfo(node("n1", "a"), preferredAffinity(on("n1", pod("friend", "app", "f")), 7,
                        term(HOSTNAME, "app", "web"))),
                nodeInfo(node("n2", "a"), preferredAntiAffinity(on("n2", pod("foe", "app", "x")), 5,
                        term(ZONE, "app", "web"))),
                nodeInfo(node("n3", "b")));
        Pod web = pod("web", "app", "web");
        assertArrayEquals(new long[] {2, -5, 0}, rawScores(web, nodes));
        assertArrayEquals(new long[] {100, 0, 71}, normalizedScores(plugin, web, nodes));
    }

    @Test
    void theFrameworkPrefersTheNodeNextToThePreferredPod() {
        Pod web = preferredAffinity(pod("web", "app", "web"), 100, term(HOSTNAME, "app", "db"));
        List<NodeInfo> nodes = cluster();
        CycleState state = new CycleState(Snapshot.of(nodes));
        Framework framework = new Framework(List.of(plugin));
        assertTrue(framework.runPreFilters(state, web).isSuccess());
        long[] totals = framework.runScores(state, web, nodes);
        assertArrayEquals(new long[] {200, 0, 0}, totals, "weight 2 times 100 for n1");
    }
}
