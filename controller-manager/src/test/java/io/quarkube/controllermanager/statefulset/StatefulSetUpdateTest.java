package io.quarkube.controllermanager.statefulset;

import io.fabric8.kubernetes.api.model.apps.ControllerRevision;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetUpdateStrategy;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** RollingUpdate in reverse ordinal order with partition, OnDelete, and the ControllerRevision history. */
class StatefulSetUpdateTest {
    private final StatefulHarness h = new StatefulHarness();

    private static void image(StatefulSet set, String image) {
        set.getSpec().getTemplate().getSpec().getContainers().get(0).setImage(image);
    }

    private String image(String pod) {
        return h.pod(pod).getSpec().getContainers().get(0).getImage();
    }

    @Test
    void rollingUpdateReplacesPodsFromTheHighestOrdinalOneAtATime() {
        h.sets.put(StatefulHarness.set(3));
        h.settle();
        String oldRevision = h.set().getStatus().getCurrentRevision();
        h.log.clear();
        h.edit(s -> image(s, "nginx:1.28"));
        h.sync();
        String newRevision = h.set().getStatus().getUpdateRevision();
        assertNotEquals(oldRevision, newRevision);
        assertEquals(oldRevision, h.set().getStatus().getCurrentRevision());
        assertEquals(List.of("pod- web-2"), h.podLog());
        assertEquals(2, h.set().getStatus().getCurrentReplicas(), "3 at the old revision, one deleted");
        h.sync();
        assertEquals("nginx:1.28", image("web-2"));
        assertEquals(newRevision, StatefulPods.revision(h.pod("web-2")));
        h.sync();
        assertEquals(List.of("pod- web-2", "pod+ web-2"), h.podLog(), "waits for web-2 to be ready");
        h.ready("web-2");
        h.settle();
        assertEquals(List.of("pod- web-2", "pod+ web-2", "pod- web-1", "pod+ web-1", "pod- web-0", "pod+ web-0"),
                h.podLog());
        assertEquals(List.of("nginx:1.28", "nginx:1.28", "nginx:1.28"),
                List.of(image("web-0"), image("web-1"), image("web-2")));
        assertEquals(newRevision, h.set().getStatus().getCurrentRevision());
        assertEquals(3, h.set().getStatus().getUpdatedReplicas());
        assertEquals(3, h.set().getStatus().getCurrentReplicas());
    }

    @Test
    void partitionKeepsTheLowerOrdinalsAtTheCurrentRevision() {
        h.sets.put(StatefulHarness.set(3));
        h.settle();
        String oldRevision = h.set().getStatus().getCurrentRevision();
        h.edit(s -> {
            image(s, "nginx:1.28");
            s.getSpec().getUpdateStrategy().getRollingUpdate().setPartition(1);
        });
        h.settle();
        assertEquals(List.of("nginx:1.27", "nginx:1.28", "nginx:1.28"),
                List.of(image("web-0"), image("web-1"), image("web-2")));
        assertEquals(oldRevision, h.set().getStatus().getCurrentRevision());
        assertEquals(2, h.set().getStatus().getUpdatedReplicas());
        assertEquals(1, h.set().getStatus().getCurrentReplicas());

        h.phase("web-0", "Failed"); // recreated below the partition: at the current revision
        h.settle();
        assertEquals("nginx:1.27", image("web-0"));
    }

    @Test
    void onDeleteLeavesPodsUntilTheyAreDeleted() {
        h.sets.put(StatefulHarness.set(2));
        h.edit(s -> s.getSpec().setUpdateStrategy(new StatefulSetUpdateStrategy(null, "OnDelete")));
        h.settle();
        h.log.clear();
        h.edit(s -> image(s, "nginx:1.28"));
        h.settle();
        assertEquals(List.of(), h.podLog());
        h.deletePod("default", "web-1", h.pod("web-1").getMetadata().getUid());
        h.settle();
        assertEquals(List.of("nginx:1.27", "nginx:1.28"), List.of(image("web-0"), image("web-1")));
    }

    @Test
    void revisionsAreNumberedOwnedAndLimited() {
        h.sets.put(StatefulHarness.set(1));
        h.edit(s -> s.getSpec().setRevisionHistoryLimit(1));
        h.settle();
        for (String image : List.of("nginx:1.28", "nginx:1.29", "nginx:1.30")) {
            h.edit(s -> image(s, image));
            h.settle();
        }
        List<ControllerRevision> revisions = Revisions.sorted(h.revisions.list("default"));
        assertEquals(List.of(3L, 4L), revisions.stream().map(ControllerRevision::getRevision).toList(),
                "the live revision plus one of history");
        ControllerRevision latest = revisions.get(1);
        assertEquals(h.set().getStatus().getUpdateRevision(), latest.getMetadata().getName());
        assertEquals("web", latest.getMetadata().getOwnerReferences().get(0).getName());
        assertEquals("web", latest.getMetadata().getLabels().get("app"));
        assertTrue(latest.getMetadata().getLabels().containsKey(Revisions.HASH_LABEL));
        assertEquals("nginx:1.30", Revisions.apply(h.set(), latest).getSpec().getTemplate().getSpec()
                .getContainers().get(0).getImage());
    }

    @Test
    void rollingBackReusesTheEarlierRevisionWithTheNextNumber() {
        h.sets.put(StatefulHarness.set(1));
        h.settle();
        String first = h.set().getStatus().getCurrentRevision();
        h.edit(s -> image(s, "nginx:1.28"));
        h.settle();
        h.edit(s -> image(s, "nginx:1.27"));
        h.settle();
        assertEquals(first, h.set().getStatus().getUpdateRevision());
        assertEquals(3L, h.revisions.get("default", first).orElseThrow().getRevision());
        assertEquals(2, h.revisions.list("default").size());
    }

    @Test
    void anOrphanRevisionMatchingTheSelectorIsAdopted() {
        StatefulSet set = StatefulHarness.set(1);
        ControllerRevision orphan = Revisions.newRevision(set, 1, 0);
        orphan.getMetadata().setOwnerReferences(null);
        h.create(orphan);
        h.sets.put(set);
        h.sync();
        ControllerRevision adopted = h.revisions.get("default", orphan.getMetadata().getName()).orElseThrow();
        assertEquals(1, adopted.getMetadata().getOwnerReferences().size());
        assertEquals("uid-web", adopted.getMetadata().getOwnerReferences().get(0).getUid());
        assertEquals(orphan.getMetadata().getName(), h.set().getStatus().getUpdateRevision());
        assertEquals(1, h.revisions.list("default").size());
    }

    @Test
    void aNameCollisionWithOtherDataBumpsTheCollisionCount() {
        StatefulSet set = StatefulHarness.set(1);
        ControllerRevision squatter = Revisions.newRevision(set, 1, 0);
        squatter.setData(Map.of("spec", Map.of()));
        squatter.getMetadata().setOwnerReferences(null);
        squatter.getMetadata().setLabels(Map.of("other", "x")); // not ours: not listed, not adopted
        h.create(squatter);
        h.sets.put(set);
        h.sync();
        assertEquals(1, h.set().getStatus().getCollisionCount());
        assertNotEquals(squatter.getMetadata().getName(), h.set().getStatus().getUpdateRevision());
    }
}
