package io.quarkube.controllermanager.deployment;

import io.fabric8.kubernetes.api.model.apps.DeploymentCondition;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.quarkube.controllermanager.controller.Result;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static io.quarkube.controllermanager.deployment.DeploymentHarness.deployment;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DeploymentPauseAndProgressTest {
    private final DeploymentHarness h = new DeploymentHarness();

    private DeploymentCondition progressing() {
        return Conditions.get(h.get("web").getStatus(), Conditions.PROGRESSING);
    }

    @Test
    void aPausedDeploymentDoesNotRollOutUntilResumed() {
        h.create(deployment("web", 3, "25%", "25%", "nginx:1"));
        h.settle("web");
        h.edit("web", d -> d.getSpec().setPaused(true));
        h.setImage("web", "nginx:2");
        h.settle("web");

        assertEquals(1, h.replicaSetsOf("web").size(), "no new ReplicaSet while paused");
        assertEquals("Unknown", progressing().getStatus());
        assertEquals(Conditions.PAUSED, progressing().getReason());
        assertEquals("Deployment is paused", progressing().getMessage());
        assertEquals(3L, h.get("web").getStatus().getObservedGeneration(), "the changes are observed all the same");

        h.edit("web", d -> d.getSpec().setPaused(false));
        h.sync("web");
        assertEquals(2, h.replicaSetsOf("web").size());
        h.settle("web");
        assertEquals(3, h.replicaSetsOf("web").get(1).getSpec().getReplicas());
        assertEquals(Conditions.NEW_RS_AVAILABLE, progressing().getReason());
    }

    @Test
    void resumingRecordsDeploymentResumed() {
        h.create(deployment("web", 1, "25%", "25%", "nginx:1"));
        h.settle("web");
        h.edit("web", d -> d.getSpec().setPaused(true));
        h.sync("web");
        h.edit("web", d -> d.getSpec().setPaused(false));
        h.setImage("web", "nginx:2");
        // only the resume is written before the rollout step overwrites Progressing
        h.client.writes.clear();
        h.sync("web");
        assertTrue(h.events.lines.stream().anyMatch(e -> e.contains("Scaled up replica set")));
        assertEquals(Conditions.NEW_REPLICA_SET, progressing().getReason());
    }

    @Test
    void scalingAPausedDeploymentResizesItsReplicaSetsProportionally() {
        h.create(deployment("web", 10, "3", "2", "v1"));
        h.settle("web");
        h.setImage("web", "v2");
        // stop mid-rollout: old 8, new 5 (13 = 10 + maxSurge)
        ReplicaSet old = h.replicaSetsOf("web").get(0);
        h.sync("web");
        h.edit("web", d -> d.getSpec().setPaused(true));
        h.sync("web");
        ReplicaSet newRs = h.replicaSetsOf("web").get(1);
        assertEquals(13, Replicas.of(current(old)) + Replicas.of(current(newRs)));

        h.edit("web", d -> d.getSpec().setReplicas(20)); // maxSurge 3: 23 in all
        h.sync("web");
        int oldSize = Replicas.of(current(old));
        int newSize = Replicas.of(current(newRs));
        assertEquals(23, oldSize + newSize);
        assertTrue(oldSize > newSize, oldSize + " vs " + newSize);
        assertEquals("20", DeploymentHarness.annotation(current(old), Revisions.DESIRED_REPLICAS));
        assertEquals("23", DeploymentHarness.annotation(current(newRs), Revisions.MAX_REPLICAS));
        assertEquals(2, h.replicaSetsOf("web").size(), "still paused: no rollout");
    }

    private ReplicaSet current(ReplicaSet rs) {
        return h.replicaSets.get("default", rs.getMetadata().getName()).orElseThrow();
    }

    @Test
    void proportionsFollowKubernetes() {
        var d = deployment("web", 20, "5", "0", "v1");
        ReplicaSet big = new io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder().withNewMetadata()
                .addToAnnotations(Revisions.MAX_REPLICAS, "13").endMetadata().withNewSpec().withReplicas(8).endSpec()
                .build();
        ReplicaSet small = new io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder().withNewMetadata()
                .addToAnnotations(Revisions.MAX_REPLICAS, "13").endMetadata().withNewSpec().withReplicas(5).endSpec()
                .build();
        // 25 allowed, 13 there: 12 to add; 8 * 25 / 13 = 15.4 -> +7, 5 * 25 / 13 = 9.6 -> +5
        assertEquals(7, ProportionalScaler.proportion(big, d, 12, 0));
        assertEquals(5, ProportionalScaler.proportion(small, d, 12, 7));
        assertEquals(0, ProportionalScaler.proportion(small, d, 12, 12));
        var zero = deployment("web", 0, "5", "0", "v1");
        assertEquals(-8, ProportionalScaler.proportion(big, zero, -13, 0));
    }

    @Test
    void withoutProgressTheDeadlineIsReportedAndCheckedAtTheRightTime() {
        h.create(deployment("web", 2, "1", "0", "nginx:1"));
        h.edit("web", d -> d.getSpec().setProgressDeadlineSeconds(60));
        Result first = h.sync("web");
        assertEquals(Conditions.NEW_REPLICA_SET, progressing().getReason());
        assertEquals(Result.done(), first, "status just written: the write's event brings the next sync");
        // pods are created but never become ready
        ReplicaSet rs = h.replicaSetsOf("web").get(0);
        while (h.reconcileOne(rs)) {
            // create both
        }
        h.writeStatus(rs);
        h.clock.advance(Duration.ofSeconds(20));
        h.sync("web"); // 2 pods more than before: progress at 00:00:20
        assertEquals("2025-01-01T00:00:20Z", progressing().getLastUpdateTime());
        h.clock.advance(Duration.ofSeconds(10));
        Result later = h.sync("web");
        assertEquals(Result.requeueAfter(Duration.ofSeconds(51)), later, "60 s after the last progress, plus 1 s");

        h.clock.advance(Duration.ofSeconds(40));
        h.sync("web");
        assertEquals(Conditions.REPLICA_SET_UPDATED, progressing().getReason(), "not yet: 50 s without progress");
        h.clock.advance(Duration.ofSeconds(11));
        h.sync("web");
        assertEquals("False", progressing().getStatus());
        assertEquals(Conditions.TIMED_OUT, progressing().getReason());
        assertEquals("ReplicaSet \"" + rs.getMetadata().getName() + "\" has timed out progressing.",
                progressing().getMessage());
        var available = Conditions.get(h.get("web").getStatus(), Conditions.AVAILABLE);
        assertEquals(List.of("False", Conditions.MIN_UNAVAILABLE), List.of(available.getStatus(), available.getReason()));

        h.settle("web"); // progress after the deadline: the rollout completes after all
        assertEquals(Conditions.NEW_RS_AVAILABLE, progressing().getReason());
        assertEquals(Conditions.MIN_AVAILABLE,
                Conditions.get(h.get("web").getStatus(), Conditions.AVAILABLE).getReason());
    }

    @Test
    void progressRefreshesTheDeadline() {
        h.create(deployment("web", 2, "1", "0", "nginx:1"));
        h.edit("web", d -> d.getSpec().setProgressDeadlineSeconds(60));
        h.sync("web");
        ReplicaSet rs = h.replicaSetsOf("web").get(0);
        h.reconcileOne(rs);
        h.clock.advance(Duration.ofSeconds(50));
        h.makeReady(h.podsOf(rs).get(0));
        h.writeStatus(rs);
        h.sync("web");
        assertEquals(Conditions.REPLICA_SET_UPDATED, progressing().getReason());
        assertEquals("2025-01-01T00:00:50Z", progressing().getLastUpdateTime());
        h.clock.advance(Duration.ofSeconds(50)); // 100 s since creation, 50 s since progress
        h.sync("web");
        assertEquals(Conditions.REPLICA_SET_UPDATED, progressing().getReason());
    }
}
