package io.quarkube.controllermanager.replicaset;

import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static io.quarkube.controllermanager.Fixtures.pod;
import static io.quarkube.controllermanager.Fixtures.ready;
import static io.quarkube.controllermanager.Fixtures.replicaSet;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ReplicaSetStatusTest {
    private static final Instant NOW = Instant.parse("2025-01-01T00:10:00Z");

    @Test
    void availabilityNeedsMinReadySecondsOfReadiness() {
        ReplicaSet rs = replicaSet("web", 2);
        rs.getSpec().setMinReadySeconds(60);
        var status = ReplicaSetStatus.calculate(rs, List.of(
                ready(pod("a", rs, null), "n1", "2025-01-01T00:08:59Z"),
                ready(pod("b", rs, null), "n1", "2025-01-01T00:09:30Z")), NOW);
        assertEquals(2, status.getReadyReplicas());
        assertEquals(1, status.getAvailableReplicas());
    }

    @Test
    void absentNumbersCountAsZero() {
        ReplicaSet rs = replicaSet("web", 0);
        var desired = ReplicaSetStatus.calculate(rs, List.of(), NOW);
        var written = new io.fabric8.kubernetes.api.model.apps.ReplicaSetStatus();
        written.setReplicas(0);
        written.setObservedGeneration(2L);
        assertFalse(ReplicaSetStatus.changed(written, desired));
        assertTrue(ReplicaSetStatus.changed(null, desired));
        written.setObservedGeneration(1L);
        assertTrue(ReplicaSetStatus.changed(written, desired));
    }

    @Test
    void replicasDefaultToOne() {
        ReplicaSet rs = replicaSet("web", 0);
        rs.getSpec().setReplicas(null);
        assertEquals(1, ReplicaSetStatus.replicas(rs));
    }
}
