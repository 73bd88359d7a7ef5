package io.quarkube.controllermanager.statefulset;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.apps.ControllerRevision;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.quarkube.api.json.Json;
import io.quarkube.controllermanager.MapLister;
import io.quarkube.controllermanager.RecordingEnqueuer;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Informer events become the key of the set that controls the object, or of the sets matching an orphan. */
class StatefulSetControllerTest {
    private final MapLister<StatefulSet> sets = new MapLister<>();
    private final RecordingEnqueuer queue = new RecordingEnqueuer();
    private final StatefulSetController controller = new StatefulSetController(sets, queue);

    @Test
    void anOwnedPodOrRevisionEnqueuesItsSetAndAnOrphanEnqueuesTheMatchingSets() {
        StatefulSet set = StatefulHarness.set(1);
        sets.put(set);
        Pod owned = StatefulPods.newPod(set, 0);
        controller.podHandler().onAdd(owned);
        Pod orphan = new PodBuilder().withNewMetadata().withNamespace("default").withName("stray")
                .addToLabels("app", "web").endMetadata().build();
        controller.podHandler().onAdd(orphan);
        Pod unrelated = new PodBuilder().withNewMetadata().withNamespace("default").withName("other")
                .addToLabels("app", "db").endMetadata().build();
        controller.podHandler().onAdd(unrelated);
        ControllerRevision revision = Revisions.newRevision(set, 1, 0);
        controller.revisionHandler().onDelete(revision);
        assertEquals(List.of("default/web", "default/web", "default/web"), queue.keys);
    }

    @Test
    void aPodOfAnotherSetWithTheSameNameButAnotherUidIsIgnored() {
        StatefulSet set = StatefulHarness.set(1);
        Pod pod = StatefulPods.newPod(set, 0);
        StatefulSet recreated = Json.copy(set, StatefulSet.class);
        recreated.getMetadata().setUid("uid-new");
        sets.put(recreated);
        controller.podHandler().onAdd(pod);
        assertEquals(List.of(), queue.keys);
    }

    @Test
    void aPodBecomingReadyWithMinReadySecondsIsLookedAtAgainWhenItBecomesAvailable() {
        StatefulSet set = StatefulHarness.set(1);
        set.getSpec().setMinReadySeconds(10);
        sets.put(set);
        Pod before = StatefulPods.newPod(set, 0);
        Pod after = Json.copy(before, Pod.class);
        after.setStatus(new io.fabric8.kubernetes.api.model.PodStatus());
        after.getStatus().setConditions(new ArrayList<>(List.of(
                new PodCondition(null, null, null, null, null, "True", "Ready"))));
        controller.podHandler().onUpdate(before, after);
        assertEquals(List.of("default/web"), queue.keys);
        assertEquals(List.of("default/web after PT11S"), queue.delayed);
    }
}
