package io.quarkube.controllermanager.deployment;

import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.quarkube.api.json.Json;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.quarkube.controllermanager.deployment.DeploymentHarness.annotation;
import static io.quarkube.controllermanager.deployment.DeploymentHarness.deployment;
import static io.quarkube.controllermanager.deployment.DeploymentHarness.image;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DeploymentRevisionTest {
    private final DeploymentHarness h = new DeploymentHarness();

    /** What kubectl 1.32's rollout undo does: the old ReplicaSet's template, without pod-template-hash. */
    private void undoTo(ReplicaSet rs) {
        PodTemplateSpec template = Json.copy(rs.getSpec().getTemplate(), PodTemplateSpec.class);
        template.getMetadata().getLabels().remove(Templates.HASH_LABEL);
        h.edit("web", d -> d.getSpec().setTemplate(template));
    }

    @Test
    void rollingBackReusesTheOldReplicaSetAndBumpsItsRevision() {
        h.create(deployment("web", 3, "25%", "25%", "nginx:1"));
        h.settle("web");
        ReplicaSet first = h.replicaSetsOf("web").get(0);
        h.setImage("web", "nginx:2");
        h.settle("web");
        assertEquals("2", annotation(h.get("web"), Revisions.REVISION));

        undoTo(first);
        h.sync("web");
        List<ReplicaSet> sets = h.replicaSetsOf("web");
        assertEquals(2, sets.size(), "no third ReplicaSet");
        ReplicaSet reused = h.replicaSets.get("default", first.getMetadata().getName()).orElseThrow();
        assertEquals("3", annotation(reused, Revisions.REVISION));
        assertEquals("1", annotation(reused, Revisions.REVISION_HISTORY));
        assertEquals("3", annotation(h.get("web"), Revisions.REVISION));
        assertEquals(1, reused.getSpec().getReplicas(), "scaled up within maxSurge");

        h.settle("web");
        reused = h.replicaSets.get("default", first.getMetadata().getName()).orElseThrow();
        assertEquals(3, reused.getSpec().getReplicas());
        assertEquals("nginx:1", image(reused));
        assertEquals(0, h.replicaSetsOf("web").get(1).getSpec().getReplicas());
        assertEquals("2", annotation(h.replicaSetsOf("web").get(1), Revisions.REVISION));
    }

    @Test
    void restartAnnotationMakesANewReplicaSet() {
        h.create(deployment("web", 2, "25%", "25%", "nginx:1"));
        h.settle("web");
        h.edit("web", d -> d.getSpec().getTemplate().getMetadata().setAnnotations(
                new java.util.HashMap<>(java.util.Map.of("kubectl.kubernetes.io/restartedAt", "2025-01-01T00:00:00Z"))));
        h.settle("web");
        List<ReplicaSet> sets = h.replicaSetsOf("web");
        assertEquals(2, sets.size());
        assertEquals("2025-01-01T00:00:00Z", sets.get(1).getSpec().getTemplate().getMetadata().getAnnotations()
                .get("kubectl.kubernetes.io/restartedAt"));
        assertEquals(2, sets.get(1).getSpec().getReplicas());
        assertEquals(0, sets.get(0).getSpec().getReplicas());
    }

    @Test
    void oldReplicaSetsBeyondTheHistoryLimitAreDeletedOldestRevisionFirst() {
        h.create(deployment("web", 2, "1", "0", "v1"));
        h.edit("web", d -> d.getSpec().setRevisionHistoryLimit(1));
        h.settle("web");
        for (String image : List.of("v2", "v3", "v4")) {
            h.setImage("web", image);
            h.settle("web");
        }
        List<ReplicaSet> sets = h.replicaSetsOf("web");
        assertEquals(List.of("v3", "v4"), sets.stream().map(DeploymentHarness::image).toList(),
                "one old ReplicaSet kept besides the current one");
        assertEquals(List.of("3", "4"), sets.stream().map(rs -> annotation(rs, Revisions.REVISION)).toList());
        assertTrue(h.client.deletedReplicaSets.size() == 2, h.client.deletedReplicaSets::toString);
    }

    @Test
    void aReplicaSetStillScaledUpOrNotYetObservedIsNeverCleanedUp() {
        h.create(deployment("web", 2, "1", "0", "v1"));
        h.edit("web", d -> d.getSpec().setRevisionHistoryLimit(0));
        h.settle("web");
        ReplicaSet first = h.replicaSetsOf("web").get(0);
        h.setImage("web", "v2");
        h.sync("web");
        h.sync("web");
        assertTrue(h.replicaSets.get("default", first.getMetadata().getName()).isPresent(),
                "the old ReplicaSet still has pods while the rollout runs");
        h.settle("web");
        assertFalse(h.replicaSets.get("default", first.getMetadata().getName()).isPresent(),
                "deleted once scaled to 0 and observed");
        assertNull(h.replicaSets.get("default", first.getMetadata().getName()).orElse(null));
    }

    @Test
    void anOrphanReplicaSetMatchingTheSelectorIsAdoptedAndReusedWhenItsTemplateMatches() {
        Deployment d = h.create(deployment("web", 2, "1", "0", "v1"));
        String hash = Templates.hash(d);
        ReplicaSet orphan = new io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder()
                .withNewMetadata().withNamespace("default").withName("web-" + hash).withUid("uid-orphan")
                .withResourceVersion("5").withGeneration(1L).withCreationTimestamp("2024-12-31T00:00:00Z")
                .addToLabels("app", "web").addToLabels(Templates.HASH_LABEL, hash).endMetadata()
                .withNewSpec().withReplicas(2)
                .withSelector(Templates.selectorWithHash(d.getSpec().getSelector(), hash))
                .withTemplate(Templates.withHash(d.getSpec().getTemplate(), hash)).endSpec()
                .withNewStatus().endStatus().build();
        h.replicaSets.put(orphan);
        h.sync("web");
        ReplicaSet adopted = h.replicaSets.get("default", "web-" + hash).orElseThrow();
        assertEquals("uid-web", adopted.getMetadata().getOwnerReferences().get(0).getUid());
        assertTrue(adopted.getMetadata().getOwnerReferences().get(0).getController());
        assertEquals(1, h.replicaSetsOf("web").size(), "the adopted one is the new ReplicaSet");
        assertEquals("1", annotation(adopted, Revisions.REVISION));
    }
}
