package io.quarkube.controllermanager.gc;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.quarkube.api.Resources;
import io.quarkube.controllermanager.controller.ControllerRefs;
import io.quarkube.controllermanager.controller.Finalizers;
import io.quarkube.controllermanager.controller.Result;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.quarkube.controllermanager.gc.GcHarness.addOwner;
import static io.quarkube.controllermanager.gc.GcHarness.key;
import static io.quarkube.controllermanager.gc.GcHarness.markedForDeletion;
import static io.quarkube.controllermanager.gc.GcHarness.pod;
import static io.quarkube.controllermanager.gc.GcHarness.replicaSet;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** An owner with deletionTimestamp + orphan: its dependents let go of it, then the finalizer goes. */
class OrphanDeletionTest {
    private final GcHarness h = new GcHarness();

    @Test
    void everyDependentLosesItsReferenceThenTheFinalizerIsRemoved() {
        ReplicaSet rs = h.apply(Resources.REPLICASETS, replicaSet("web-1", null));
        ReplicaSet other = h.apply(Resources.REPLICASETS, replicaSet("other", null));
        h.apply(Resources.PODS, pod("a", rs));
        h.apply(Resources.PODS, addOwner(pod("b", other), ControllerRefs.newControllerRef(rs, "apps/v1", "ReplicaSet")));
        h.queued();

        // kubectl delete rs web-1 --cascade=orphan
        ReplicaSet orphaning = h.apply(Resources.REPLICASETS, markedForDeletion(rs, Finalizers.ORPHAN));
        assertEquals(List.of(key(Resources.REPLICASETS, rs)), h.queued());
        assertEquals(Result.done(), h.sync(Resources.REPLICASETS, orphaning));

        assertEquals(List.of("update pods/default/a", "update pods/default/b", "update replicasets.apps/default/web-1"),
                h.control.calls);
        assertEquals(List.of(), OwnerRefs.uids(h.control.updated.get(0)));
        assertEquals(List.of("uid-other"), OwnerRefs.uids(h.control.updated.get(1)));
        assertEquals(List.of(), h.control.updated.get(2).getMetadata().getFinalizers());
    }

    @Test
    void theFinalizerStaysWhileADependentCouldNotBeReleased() {
        ReplicaSet rs = h.apply(Resources.REPLICASETS, markedForDeletion(replicaSet("web-1", null), Finalizers.ORPHAN));
        h.apply(Resources.PODS, pod("a", rs));
        h.apply(Resources.PODS, pod("b", rs));
        h.control.conflicts.add("pods/default/a");

        assertEquals(Result.requeue(), h.sync(Resources.REPLICASETS, rs));
        assertEquals(List.of("update pods/default/b"), h.control.calls);
    }

    @Test
    void orphanedDependentsAreNotDeleted() {
        ReplicaSet rs = h.apply(Resources.REPLICASETS, markedForDeletion(replicaSet("web-1", null), Finalizers.ORPHAN));
        h.apply(Resources.PODS, pod("a", rs));
        h.sync(Resources.REPLICASETS, rs);
        h.apply(Resources.PODS, (Pod) h.control.updated.get(0));
        h.remove(Resources.REPLICASETS, rs);
        h.queued().forEach(h.sync::sync);
        assertTrue(h.control.calls.stream().noneMatch(c -> c.startsWith("delete")), h.control.calls.toString());
        assertEquals(List.of(), OwnerRefs.uids(h.caches.lister(Resources.PODS).get("default", "a").orElseThrow()));
    }
}
