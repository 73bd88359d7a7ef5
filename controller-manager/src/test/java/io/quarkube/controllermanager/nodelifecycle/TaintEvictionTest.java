package io.quarkube.controllermanager.nodelifecycle;

import io.fabric8.kubernetes.api.model.Taint;
import io.fabric8.kubernetes.api.model.Toleration;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TaintEvictionTest {
    private static final Taint TAINT = new Taint("NoExecute", "k", null, "v");
    private static final Instant ADDED = Instant.parse("2025-01-01T00:00:00Z");

    @Test
    void tolerationMatchingFollowsKubernetes() {
        assertTrue(TaintEviction.tolerates(new Toleration(null, "k", "Equal", null, "v"), TAINT));
        assertTrue(TaintEviction.tolerates(new Toleration(null, "k", null, null, "v"), TAINT), "Equal by default");
        assertFalse(TaintEviction.tolerates(new Toleration(null, "k", "Equal", null, "w"), TAINT));
        assertTrue(TaintEviction.tolerates(new Toleration("NoExecute", "k", "Exists", null, null), TAINT));
        assertFalse(TaintEviction.tolerates(new Toleration("NoSchedule", "k", "Exists", null, null), TAINT));
        assertTrue(TaintEviction.tolerates(new Toleration(null, null, "Exists", null, null), TAINT), "tolerates all");
        assertFalse(TaintEviction.tolerates(new Toleration(null, "other", "Exists", null, null), TAINT));
    }

    @Test
    void theFirstMatchingTolerationDecides() {
        var pod = NodeFixtures.withTolerations(NodeFixtures.pod("p", "n"),
                new Toleration(null, "k", "Exists", 60L, null), new Toleration(null, "k", "Exists", null, null));
        assertEquals(ADDED.plusSeconds(60), TaintEviction.deadline(pod, List.of(TAINT), t -> ADDED));
        var forever = NodeFixtures.withTolerations(NodeFixtures.pod("p", "n"),
                new Toleration(null, "k", "Exists", null, null));
        assertNull(TaintEviction.deadline(forever, List.of(TAINT), t -> ADDED));
        var negative = NodeFixtures.withTolerations(NodeFixtures.pod("p", "n"),
                new Toleration(null, "k", "Exists", -5L, null));
        assertEquals(ADDED, TaintEviction.deadline(negative, List.of(TAINT), t -> ADDED));
    }
}
