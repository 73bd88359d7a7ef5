package io.quarkube.scheduler.framework;

import io.quarkube.api.testing.MutableClock;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodAffinityTerm;
import io.fabric8.kubernetes.api.model.PodAntiAffinity;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Affinity;
import io.quarkube.scheduler.Fixtures;
import io.quarkube.scheduler.cache.SchedulerCache;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The snapshot's label and anti-affinity term indexes follow the cache's changes through updateSnapshot. */
class PodLabelIndexTest {
    private final SchedulerCache cache = new SchedulerCache(new MutableClock(), Duration.ofMinutes(5));
    private final Snapshot snapshot = Snapshot.of(List.of());

    @BeforeEach
    void nodes() {
        cache.addOrUpdateNode(Fixtures.node("n1", "4", "8Gi", 110));
        cache.addOrUpdateNode(Fixtures.node("n2", "4", "8Gi", 110));
        cache.addOrUpdatePod(pod("p0", "n1", "app", "web"));
        cache.updateSnapshot(snapshot);
        snapshot.podLabelIndex(); // built now, so what follows is incremental maintenance
        snapshot.requiredAntiAffinityTerms();
    }

    private static Pod pod(String name, String node, String... labels) {
        Pod pod = Fixtures.pod(name, "100m", "100Mi");
        pod.getSpec().setNodeName(node);
        java.util.Map<String, String> map = new java.util.HashMap<>();
        for (int i = 0; i < labels.length; i += 2) {
            map.put(labels[i], labels[i + 1]);
        }
        pod.getMetadata().setLabels(map);
        return pod;
    }

    /** "name@node" of the pods indexed under key=value. */
    private Set<String> indexed(String key, String value) {
        cache.updateSnapshot(snapshot);
        Set<String> result = new TreeSet<>();
        for (IndexedPod pod : snapshot.podLabelIndex().withLabel(key, value)) {
            result.add(pod.info().pod().getMetadata().getName() + "@" + pod.nodeName());
        }
        return result;
    }

    @Test
    void boundAndAssumedPodsAreIndexedWithTheirNode() {
        cache.addOrUpdatePod(pod("p1", "n2", "app", "web"));
        Pod assumed = pod("p2", null, "app", "web");
        cache.assume(assumed, "n2"); // no spec.nodeName: the node comes from the NodeInfo
        assertEquals(Set.of("p0@n1", "p1@n2", "p2@n2"), indexed("app", "web"));
        assertEquals(3, snapshot.podLabelIndex().size());
    }

    @Test
    void removedAndForgottenPodsLeaveTheIndex() {
        Pod assumed = pod("p2", null, "app", "web");
        cache.assume(assumed, "n2");
        assertEquals(Set.of("p0@n1", "p2@n2"), indexed("app", "web"));
        cache.forget(assumed);
        cache.removePod(pod("p0", "n1"));
        assertEquals(Set.of(), indexed("app", "web"));
        assertEquals(0, snapshot.podLabelIndex().size());
    }

    @Test
    void changedLabelsMoveThePodBetweenValues() {
        cache.addOrUpdatePod(pod("p0", "n1", "app", "db", "tier", "back"));
        assertEquals(Set.of(), indexed("app", "web"));
        assertEquals(Set.of("p0@n1"), indexed("app", "db"));
        assertEquals(Set.of("p0@n1"), indexed("tier", "back"));
        cache.addOrUpdatePod(pod("p0", "n1"));
        assertEquals(Set.of(), indexed("app", "db"));
        assertEquals(1, snapshot.podLabelIndex().size());
    }

    @Test
    void anAssumedPodConfirmedOnAnotherNodeMoves() {
        Pod assumed = pod("p2", null, "app", "web");
        cache.assume(assumed, "n1");
        assertEquals(Set.of("p0@n1", "p2@n1"), indexed("app", "web"));
        cache.addOrUpdatePod(pod("p2", "n2", "app", "web"));
        assertEquals(Set.of("p0@n1", "p2@n2"), indexed("app", "web"));
    }

    @Test
    void aRemovedNodesPodsLeaveTheIndexAndANewNodeRebuildsIt() {
        cache.addOrUpdatePod(pod("p1", "n2", "app", "web"));
        assertEquals(Set.of("p0@n1", "p1@n2"), indexed("app", "web"));
        cache.removeNode(Fixtures.node("n2", "4", "8Gi", 110)); // its pod stays in the cache, not in the snapshot
        assertEquals(Set.of("p0@n1"), indexed("app", "web"));
        cache.addOrUpdateNode(Fixtures.node("n2", "4", "8Gi", 110));
        assertEquals(Set.of("p0@n1", "p1@n2"), indexed("app", "web"));
        cache.addOrUpdateNode(Fixtures.node("n3", "4", "8Gi", 110));
        cache.addOrUpdatePod(pod("p3", "n3", "app", "web"));
        assertEquals(Set.of("p0@n1", "p1@n2", "p3@n3"), indexed("app", "web"));
    }

    @Test
    void candidatesComeFromTheSmallestIndexableRequirement() {
        cache.addOrUpdatePod(pod("p1", "n2", "app", "web", "tier", "front"));
        cache.addOrUpdatePod(pod("p2", "n2", "app", "db", "tier", "front"));
        cache.updateSnapshot(snapshot);
        PodLabelIndex index = snapshot.podLabelIndex();
        // app=web holds 2 pods, tier=front 2, app=db 1: the smallest is taken
        assertEquals(1, index.candidates(new LabelSelector(List.of(), Map.of("tier", "front", "app", "db"))).size());
        // In over a value listed twice counts its pods once
        LabelSelector in = new LabelSelector(List.of(new LabelSelectorRequirement("app", "In",
                List.of("web", "web", "db"))), null);
        assertEquals(3, index.candidates(in).size());
        assertEquals(0, index.candidates(null).size()); // a null selector selects nothing
        assertNull(index.candidates(new LabelSelector())); // selects everything: scan
        assertNull(index.candidates(new LabelSelector(List.of(new LabelSelectorRequirement("app", "Exists", null)),
                null)));
    }

    @Test
    void antiAffinityTermsAreFoundByTheLabelsTheySelect() {
        Pod repels = pod("p1", "n2", "app", "db");
        repels.getSpec().setAffinity(new Affinity(null, null, new PodAntiAffinity(null, List.of(
                new PodAffinityTerm(new LabelSelector(null, Map.of("app", "web")), null, null, null, null, "zone"),
                new PodAffinityTerm(new LabelSelector(List.of(new LabelSelectorRequirement("tier", "NotIn",
                        List.of("x"))), null), null, null, null, null, "zone")))));
        cache.addOrUpdatePod(repels);
        cache.updateSnapshot(snapshot);
        AffinityTermIndex index = snapshot.requiredAntiAffinityTerms();
        assertEquals(2, terms(index.candidates(Map.of("app", "web"))));
        assertEquals(1, terms(index.candidates(Map.of("app", "db")))); // only the always-scanned term
        cache.addOrUpdatePod(new PodBuilder(repels).editMetadata().withLabels(Map.of("app", "x")).endMetadata().build());
        cache.updateSnapshot(snapshot);
        assertEquals(2, terms(snapshot.requiredAntiAffinityTerms().candidates(Map.of("app", "web"))));
        assertEquals("n2", index.candidates(Map.of("app", "web")).get(0).nodeName());
        cache.removePod(repels);
        cache.updateSnapshot(snapshot);
        assertTrue(snapshot.requiredAntiAffinityTerms().isEmpty());
        assertEquals(0, terms(snapshot.requiredAntiAffinityTerms().candidates(Map.of("app", "web"))));
    }

    private static int terms(List<AffinityTermIndex.Entry> entries) {
        int n = 0;
        for (AffinityTermIndex.Entry entry : entries) {
            n += entry.terms().size();
        }
        return n;
    }
}
