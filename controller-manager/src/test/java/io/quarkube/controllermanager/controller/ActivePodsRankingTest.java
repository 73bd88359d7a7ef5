package io.quarkube.controllermanager.controller;

import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static io.quarkube.controllermanager.Fixtures.pod;
import static io.quarkube.controllermanager.Fixtures.ready;
import static io.quarkube.controllermanager.Fixtures.running;
import static org.junit.jupiter.api.Assertions.assertEquals;

class ActivePodsRankingTest {
    private static List<String> order(Pod... pods) {
        return ActivePodsRanking.podsToDelete(List.of(pods), pods.length).stream()
                .map(p -> p.getMetadata().getName()).toList();
    }

    @Test
    void unassignedPendingUnknownNotReadyReady() {
        Pod unknown = running(pod("unknown", null, "2025-01-01T00:00:00Z"), "n2");
        unknown.getStatus().setPhase("Unknown");
        assertEquals(List.of("unassigned", "pending", "unknown", "not-ready", "ready"), order(
                ready(pod("ready", null, "2025-01-01T00:00:00Z"), "n1", "2025-01-01T00:00:00Z"),
                running(pod("not-ready", null, "2025-01-01T00:00:00Z"), "n3"),
                unknown,
                pod("unassigned", null, "2025-01-01T00:00:00Z"),
                assigned(pod("pending", null, "2025-01-01T00:00:00Z"), "n4")));
    }

    @Test
    void deletionCostThenDoubledUpThenReadyTimeThenRestartsThenAge() {
        Pod cheap = ready(pod("cheap", null, "2025-01-01T00:00:00Z"), "n1", "2025-01-01T00:00:00Z");
        cheap.getMetadata().setAnnotations(Map.of(ActivePodsRanking.DELETION_COST, "-10"));
        Pod doubledA = ready(pod("doubled-a", null, "2025-01-01T00:00:00Z"), "n2", "2025-01-01T00:00:00Z");
        Pod doubledB = ready(pod("doubled-b", null, "2025-01-01T00:00:01Z"), "n2", "2025-01-01T00:00:00Z");
        Pod recentlyReady = ready(pod("recently-ready", null, "2025-01-01T00:00:00Z"), "n3", "2025-01-01T00:05:00Z");
        Pod restarted = ready(pod("restarted", null, "2025-01-01T00:00:00Z"), "n4", "2025-01-01T00:00:00Z");
        ContainerStatus status = new ContainerStatus();
        status.setRestartCount(3);
        restarted.getStatus().setContainerStatuses(List.of(status));
        Pod newer = ready(pod("newer", null, "2025-01-01T00:01:00Z"), "n5", "2025-01-01T00:00:00Z");
        Pod older = ready(pod("older", null, "2025-01-01T00:00:00Z"), "n6", "2025-01-01T00:00:00Z");
        assertEquals(List.of("cheap", "doubled-b", "doubled-a", "recently-ready", "restarted", "newer", "older"),
                order(older, newer, restarted, recentlyReady, doubledA, doubledB, cheap));
    }

    private static Pod assigned(Pod pod, String node) {
        pod.getSpec().setNodeName(node);
        return pod;
    }
}
