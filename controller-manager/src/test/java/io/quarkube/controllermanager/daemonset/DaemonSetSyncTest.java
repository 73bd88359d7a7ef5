package io.quarkube.controllermanager.daemonset;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Toleration;
import io.fabric8.kubernetes.api.model.apps.ControllerRevision;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.DaemonSetStatus;
import io.quarkube.api.json.Json;
import io.quarkube.controllermanager.controller.Result;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static io.quarkube.controllermanager.daemonset.DaemonSetFixtures.daemonPod;
import static io.quarkube.controllermanager.daemonset.DaemonSetFixtures.daemonSet;
import static io.quarkube.controllermanager.daemonset.DaemonSetFixtures.node;
import static io.quarkube.controllermanager.daemonset.DaemonSetFixtures.taint;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DaemonSetSyncTest {
    private final DaemonSetHarness h = new DaemonSetHarness();

    @Test
    void createsOnePodPinnedToEachEligibleNode() {
        h.daemonSets.put(daemonSet("agent"));
        h.nodes.put(node("n1"), node("n2"), node("tainted", Map.of(), taint("dedicated", "NoSchedule")));
        h.sync();

        assertEquals(java.util.Set.of("n1", "n2"), h.podControl.created.stream()
                .map(p -> DaemonPods.targetNodeName(p).orElseThrow()).collect(java.util.stream.Collectors.toSet()));
        assertEquals(2, h.podControl.created.size());
        Pod pod = h.podControl.created.get(0);
        assertEquals("agent-", pod.getMetadata().getGenerateName());
        assertNull(pod.getSpec().getNodeName()); // the scheduler binds it
        assertEquals("DaemonSet", pod.getMetadata().getOwnerReferences().get(0).getKind());
        ControllerRevision revision = h.revisions.list("default").get(0);
        String hash = revision.getMetadata().getLabels().get(DaemonPods.REVISION_HASH_LABEL);
        assertEquals("agent-" + hash, revision.getMetadata().getName());
        assertEquals(1L, revision.getRevision());
        assertEquals(Map.of(DaemonPods.REVISION_HASH_LABEL, hash, DaemonPods.TEMPLATE_GENERATION_LABEL, "1",
                "app", "agent"), pod.getMetadata().getLabels());
        assertEquals(List.of("node.kubernetes.io/not-ready", "node.kubernetes.io/unreachable",
                "node.kubernetes.io/disk-pressure", "node.kubernetes.io/memory-pressure",
                "node.kubernetes.io/pid-pressure", "node.kubernetes.io/unschedulable"),
                pod.getSpec().getTolerations().stream().map(Toleration::getKey).toList());
        var terms = pod.getSpec().getAffinity().getNodeAffinity().getRequiredDuringSchedulingIgnoredDuringExecution()
                .getNodeSelectorTerms();
        assertEquals(1, terms.size());
        assertEquals("metadata.name", terms.get(0).getMatchFields().get(0).getKey());
        assertEquals("In", terms.get(0).getMatchFields().get(0).getOperator());
        assertEquals(1, terms.get(0).getMatchFields().get(0).getValues().size());
    }

    @Test
    void aLaggingCacheNeverCausesADoubleCreation() {
        h.daemonSets.put(daemonSet("agent"));
        h.nodes.put(node("n1"), node("n2"));
        h.sync();
        h.sync(); // the informer has not shown the two pods yet
        assertEquals(2, h.podControl.created.size());
        h.observe();
        h.sync();
        assertEquals(2, h.podControl.created.size());
    }

    @Test
    void aNodeAddedGetsItsPodAndARemovedOneLosesIt() {
        h.daemonSets.put(daemonSet("agent"));
        h.nodes.put(node("n1"));
        h.sync();
        h.observe();
        h.nodes.put(node("n2"));
        h.sync();
        h.observe();
        assertEquals(1, h.podsOn("n2").size());

        h.nodes.remove(node("n1"));
        h.sync();
        h.observe();
        assertTrue(h.podsOn("n1").isEmpty());
        assertEquals(1, h.podsOn("n2").size());
        assertEquals(2, h.podControl.created.size());
    }

    @Test
    void aNodeThatNoLongerMatchesTheSelectorLosesItsPod() {
        DaemonSet ds = daemonSet("agent");
        ds.getSpec().getTemplate().getSpec().setNodeSelector(Map.of("disk", "ssd"));
        h.daemonSets.put(ds);
        h.nodes.put(node("n1", Map.of("disk", "ssd")), node("n2", Map.of("disk", "hdd")));
        h.sync();
        h.observe();
        assertEquals(1, h.podsOn("n1").size());
        assertTrue(h.podsOn("n2").isEmpty());

        h.nodes.put(node("n1", Map.of("disk", "hdd")));
        h.sync();
        h.observe();
        assertTrue(h.podsOn("n1").isEmpty());
    }

    @Test
    void duplicatesOnANodeAreRemovedKeepingTheOldest() {
        DaemonSet ds = daemonSet("agent");
        h.daemonSets.put(ds);
        h.nodes.put(node("n1"));
        h.pods.put(daemonPod(ds, "agent-new", "n1", "h", "2025-01-01T00:05:00Z", null),
                daemonPod(ds, "agent-old", "n1", "h", "2025-01-01T00:01:00Z", null),
                daemonPod(ds, "agent-mid", "n1", "h", "2025-01-01T00:03:00Z", null));
        h.sync();
        assertEquals(java.util.Set.of("default/agent-new@uid-agent-new", "default/agent-mid@uid-agent-mid"),
                java.util.Set.copyOf(h.podControl.deleted));
        assertEquals(2, h.podControl.deleted.size());
        assertTrue(h.podControl.created.isEmpty());
    }

    @Test
    void aFailedPodIsDeletedWithBackoffAndReplaced() {
        DaemonSet ds = daemonSet("agent");
        ds.setStatus(new DaemonSetStatus()); // already synced once: the backoff is per observed generation
        ds.getStatus().setObservedGeneration(1L);
        h.daemonSets.put(ds);
        h.nodes.put(node("n1"));
        Pod failed = daemonPod(ds, "agent-a", "n1", "h", "2025-01-01T00:01:00Z", null);
        failed.getStatus().setPhase("Failed");
        h.pods.put(failed);
        h.sync();
        assertEquals(List.of("default/agent-a@uid-agent-a"), h.podControl.deleted);
        assertTrue(h.events.lines.stream().anyMatch(e -> e.startsWith("Warning FailedDaemonPod: Found failed daemon pod default/agent-a")),
                h.events.lines::toString);

        h.observe(); // gone: the node gets a new pod
        h.sync();
        assertEquals(1, h.podControl.created.size());
        h.observe();

        // the new pod fails at once too: within the backoff it is left alone and the sync comes back later
        Pod second = Json.copy(h.podsOn("n1").get(0), Pod.class);
        second.setStatus(new io.fabric8.kubernetes.api.model.PodStatus());
        second.getStatus().setPhase("Failed");
        h.pods.put(second);
        h.clock.advance(Duration.ofMillis(500));
        Result result = h.sync();
        assertEquals(1, h.podControl.deleted.size());
        assertEquals(Result.requeueAfter(Duration.ofSeconds(1)), result);
        h.clock.advance(Duration.ofSeconds(1));
        h.sync();
        assertEquals(2, h.podControl.deleted.size());
    }

    @Test
    void statusCountsEveryNode() {
        DaemonSet ds = daemonSet("agent");
        ds.getSpec().getTemplate().getSpec().setNodeSelector(Map.of("role", "worker"));
        ds.getSpec().setMinReadySeconds(30);
        h.daemonSets.put(ds);
        h.sync(); // creates the revision: its hash is the current one
        String hash = h.revisions.list("default").get(0).getMetadata().getLabels().get(DaemonPods.REVISION_HASH_LABEL);
        Map<String, String> worker = Map.of("role", "worker");
        h.nodes.put(node("ready", worker), node("fresh", worker), node("old", worker), node("empty", worker),
                node("other", Map.of("role", "db")));
        h.pods.put(daemonPod(ds, "p-ready", "ready", hash, "2025-01-01T00:00:00Z", "2025-01-01T00:01:00Z"),
                daemonPod(ds, "p-fresh", "fresh", hash, "2025-01-01T00:00:00Z", "2025-01-01T00:09:50Z"),
                daemonPod(ds, "p-old", "old", "stale", "2025-01-01T00:00:00Z", null),
                daemonPod(ds, "p-other", "other", hash, "2025-01-01T00:00:00Z", "2025-01-01T00:01:00Z"));
        h.expectations.delete(DaemonSetHarness.KEY);
        Result result = h.sync();

        DaemonSetStatus status = h.current().getStatus();
        assertEquals(4, status.getDesiredNumberScheduled());
        assertEquals(3, status.getCurrentNumberScheduled());
        assertEquals(1, status.getNumberMisscheduled());
        assertEquals(2, status.getNumberReady());
        assertEquals(1, status.getNumberAvailable()); // "fresh" has been ready 10 s of 30
        assertEquals(3, status.getNumberUnavailable());
        assertEquals(2, status.getUpdatedNumberScheduled());
        assertEquals(1L, status.getObservedGeneration());
        assertEquals(Result.requeueAfter(Duration.ofSeconds(30)), result);
    }

    @Test
    void anUnchangedStatusIsNotWrittenAgain() {
        h.daemonSets.put(daemonSet("agent"));
        h.nodes.put(node("n1"));
        h.sync();
        h.observe();
        h.allReady("2025-01-01T00:00:00Z");
        h.sync();
        int writes = h.statusWrites.size();
        h.sync();
        assertEquals(writes, h.statusWrites.size());
        assertEquals(1, h.current().getStatus().getNumberReady());
    }

    @Test
    void anImageChangeRollsOneNodeAtATimeAndKeepsTheHistory() {
        h.daemonSets.put(daemonSet("agent"));
        h.nodes.put(node("n1"), node("n2"), node("n3"));
        h.sync();
        h.observe();
        h.allReady("2025-01-01T00:00:00Z");
        h.sync();

        h.daemonSets.put(DaemonSetFixtures.withImage(h.current(), "busybox:1.36"));
        h.sync();
        assertEquals(1, h.podControl.deleted.size()); // maxUnavailable 1
        assertEquals(2, h.revisions.list("default").size());
        assertEquals(java.util.Set.of(1L, 2L), h.revisions.list("default").stream().map(ControllerRevision::getRevision).collect(java.util.stream.Collectors.toSet()));
        for (int round = 0; round < 6; round++) {
            h.observe();
            h.sync(); // creates the replacement, or deletes the next old pod once the new one is available
            h.observe();
            h.allReady("2025-01-01T00:00:00Z");
            h.sync();
        }
        List<Pod> pods = h.pods.list("default");
        assertEquals(3, pods.size());
        assertTrue(pods.stream().allMatch(p -> "busybox:1.36".equals(p.getSpec().getContainers().get(0).getImage())));
        assertEquals(3, h.current().getStatus().getUpdatedNumberScheduled());
        assertEquals(3, h.current().getStatus().getNumberAvailable());
    }
}
