package io.quarkube.controllermanager.deployment;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.quarkube.controllermanager.controller.ControllerRefs;
import io.quarkube.controllermanager.controller.PodUtil;
import io.quarkube.controllermanager.controller.TemplateHash;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;
import java.util.Map;
import java.util.Random;

import static io.quarkube.controllermanager.deployment.DeploymentHarness.annotation;
import static io.quarkube.controllermanager.deployment.DeploymentHarness.deployment;
import static io.quarkube.controllermanager.deployment.DeploymentHarness.image;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DeploymentRollingUpdateTest {
    private final DeploymentHarness h = new DeploymentHarness();

    @Test
    void aNewDeploymentGetsAReplicaSetNamedByItsTemplateHash() {
        Deployment d = h.create(deployment("web", 3, "25%", "25%", "nginx:1.14.2"));
        h.sync("web");

        String hash = TemplateHash.of(d.getSpec().getTemplate(), null);
        ReplicaSet rs = h.replicaSets.get("default", "web-" + hash).orElseThrow();
        Map<String, String> labels = Map.of("app", "web", "pod-template-hash", hash);
        assertEquals(3, rs.getSpec().getReplicas());
        assertEquals(labels, rs.getSpec().getSelector().getMatchLabels());
        assertEquals(labels, rs.getSpec().getTemplate().getMetadata().getLabels());
        assertEquals(labels, rs.getMetadata().getLabels());
        assertTrue(ControllerRefs.isControlledBy(rs, d));
        assertTrue(ControllerRefs.controllerOf(rs).getBlockOwnerDeletion());
        assertEquals("1", annotation(rs, Revisions.REVISION));
        assertEquals("3", annotation(rs, Revisions.DESIRED_REPLICAS));
        assertEquals("4", annotation(rs, Revisions.MAX_REPLICAS));
        assertEquals("1", annotation(h.get("web"), Revisions.REVISION));
        assertTrue(h.events.lines.contains("Normal ScalingReplicaSet: Scaled up replica set web-" + hash + " from 0 to 3"),
                h.events.lines::toString);
        var progressing = Conditions.get(h.get("web").getStatus(), Conditions.PROGRESSING);
        assertEquals(Conditions.NEW_REPLICA_SET, progressing.getReason());
        assertEquals("Created new replica set \"web-" + hash + "\"", progressing.getMessage());

        h.sync("web"); // idempotent: nothing more is created
        assertEquals(1, h.replicaSetsOf("web").size());
    }

    @Test
    void reachesAvailabilityAndReportsWhatRolloutStatusReads() {
        h.create(deployment("web", 3, "25%", "25%", "nginx:1.14.2"));
        h.settle("web");

        var status = h.get("web").getStatus();
        assertEquals(1L, status.getObservedGeneration());
        assertEquals(List.of(3, 3, 3, 3, 0), List.of(status.getReplicas(), status.getUpdatedReplicas(),
                status.getReadyReplicas(), status.getAvailableReplicas(), status.getUnavailableReplicas()));
        assertEquals(Conditions.MIN_AVAILABLE, Conditions.get(status, Conditions.AVAILABLE).getReason());
        assertEquals(Conditions.NEW_RS_AVAILABLE, Conditions.get(status, Conditions.PROGRESSING).getReason());
        assertEquals("ReplicaSet \"" + h.replicaSetsOf("web").get(0).getMetadata().getName()
                + "\" has successfully progressed.", Conditions.get(status, Conditions.PROGRESSING).getMessage());
    }

    /**
     * Random interleavings of the Deployment sync with the ReplicaSet controller's pod creations and deletions,
     * the kubelet making pods ready, terminating pods going away and ReplicaSet status writes (which lag): after
     * EVERY step, the Deployment's pods stay within replicas + maxSurge and its available pods at least
     * replicas - maxUnavailable.
     */
    @ParameterizedTest
    @CsvSource({"3,25%,25%,1,0", "10,30%,2,3,2", "5,0,1,0,1", "4,50%,0,2,0", "10,25%,25%,3,2", "1,1,0,1,0"})
    void rollingUpdateStaysWithinSurgeAndUnavailabilityAtEveryStep(int replicas, String surge, String unavailable,
                                                                  int maxSurge, int maxUnavailable) {
        for (long seed = 0; seed < 20; seed++) {
            DeploymentHarness run = new DeploymentHarness();
            run.create(deployment("web", replicas, surge, unavailable, "nginx:1"));
            run.settle("web");
            ReplicaSet old = run.replicaSetsOf("web").get(0);
            run.setImage("web", "nginx:2");
            Random random = new Random(seed);
            int steps = 0;
            while (!done(run, replicas) && steps++ < 5_000) {
                step(run, random);
                long pods = run.activePods("web");
                long available = run.availablePods("web");
                String where = "seed " + seed + " step " + steps + ": " + pods + " pods, " + available + " available";
                assertTrue(pods <= replicas + maxSurge, where);
                assertTrue(available >= replicas - maxUnavailable, where);
            }
            assertTrue(done(run, replicas), "rollout finished, seed " + seed);
            ReplicaSet oldNow = run.replicaSets.get("default", old.getMetadata().getName()).orElseThrow();
            assertEquals(0, oldNow.getSpec().getReplicas());
            assertEquals("nginx:1", image(oldNow), "the old template is never edited");
        }
    }

    private static boolean done(DeploymentHarness run, int replicas) {
        List<ReplicaSet> sets = run.replicaSetsOf("web");
        ReplicaSet newest = sets.get(sets.size() - 1);
        return sets.size() == 2 && image(newest).equals("nginx:2") && run.podsOf(newest).stream()
                .filter(PodUtil::isReady).filter(PodUtil::isActive).count() == replicas
                && run.activePods("web") == replicas;
    }

    private static void step(DeploymentHarness run, Random random) {
        switch (random.nextInt(5)) {
            case 0 -> run.sync("web");
            case 1 -> {
                List<ReplicaSet> sets = run.replicaSetsOf("web");
                if (!sets.isEmpty()) {
                    run.reconcileOne(sets.get(random.nextInt(sets.size())));
                }
            }
            case 2 -> {
                List<Pod> pending = run.pods.list("default").stream()
                        .filter(PodUtil::isActive).filter(p -> !PodUtil.isReady(p)).toList();
                if (!pending.isEmpty()) {
                    run.makeReady(pending.get(random.nextInt(pending.size())));
                }
            }
            case 3 -> run.pods.list("default").stream().filter(p -> p.getMetadata().getDeletionTimestamp() != null)
                    .findFirst().ifPresent(run.pods::remove);
            default -> {
                List<ReplicaSet> sets = run.replicaSetsOf("web");
                if (!sets.isEmpty()) {
                    run.writeStatus(sets.get(random.nextInt(sets.size())));
                }
            }
        }
    }

    @Test
    void aTemplateChangeMakesANewReplicaSetWithTheNextRevisionAndScalesTheOldOneDown() {
        h.create(deployment("web", 3, "25%", "25%", "nginx:1"));
        h.settle("web");
        ReplicaSet first = h.replicaSetsOf("web").get(0);
        List<String> firstPods = h.podsOf(first).stream().map(p -> p.getMetadata().getUid()).toList();
        h.setImage("web", "nginx:2");
        h.sync("web");

        List<ReplicaSet> sets = h.replicaSetsOf("web");
        assertEquals(2, sets.size());
        ReplicaSet second = sets.get(1);
        assertNotEquals(first.getMetadata().getName(), second.getMetadata().getName());
        assertEquals(1, second.getSpec().getReplicas(), "maxSurge 1 of 3");
        assertEquals("2", annotation(second, Revisions.REVISION));
        assertEquals("2", annotation(h.get("web"), Revisions.REVISION));
        // the running pods are untouched: same UIDs, still the old image
        assertEquals(firstPods, h.podsOf(first).stream().map(p -> p.getMetadata().getUid()).toList());
        assertTrue(h.podsOf(first).stream().allMatch(p -> p.getSpec().getContainers().get(0).getImage().equals("nginx:1")));

        h.settle("web");
        assertEquals(0, h.replicaSetsOf("web").get(0).getSpec().getReplicas());
        assertEquals(3, h.replicaSetsOf("web").get(1).getSpec().getReplicas());
        String name = first.getMetadata().getName();
        assertTrue(h.events.lines.contains("Normal ScalingReplicaSet: Scaled down replica set " + name + " from 3 to 2"),
                h.events.lines::toString);
        assertTrue(h.events.lines.contains("Normal ScalingReplicaSet: Scaled down replica set " + name + " from 1 to 0"),
                h.events.lines::toString);
        assertEquals(3, h.get("web").getStatus().getUpdatedReplicas());
        assertEquals(2L, h.get("web").getStatus().getObservedGeneration());
    }
}
