package io.quarkube.controllermanager.gc;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.quarkube.api.Resources;
import io.quarkube.controllermanager.controller.ControllerRefs;
import io.quarkube.controllermanager.controller.Result;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.quarkube.controllermanager.gc.GcHarness.addOwner;
import static io.quarkube.controllermanager.gc.GcHarness.deployment;
import static io.quarkube.controllermanager.gc.GcHarness.foreground;
import static io.quarkube.controllermanager.gc.GcHarness.key;
import static io.quarkube.controllermanager.gc.GcHarness.markedForDeletion;
import static io.quarkube.controllermanager.gc.GcHarness.pod;
import static io.quarkube.controllermanager.gc.GcHarness.replicaSet;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** An owner with deletionTimestamp + foregroundDeletion stays until its blocking dependents are gone. */
class ForegroundDeletionTest {
    private final GcHarness h = new GcHarness();

    @Test
    void theTreeIsDeletedBottomUpAndEachFinalizerGoesOnlyWhenNothingIsLeftBelow() {
        Deployment web = h.apply(Resources.DEPLOYMENTS, deployment("web", "uid-web"));
        ReplicaSet rs = h.apply(Resources.REPLICASETS, replicaSet("web-1", web));
        Pod pod = h.apply(Resources.PODS, pod("web-1-a", rs));
        h.queued();

        // kubectl delete deployment web --cascade=foreground
        Deployment deleting = h.apply(Resources.DEPLOYMENTS, foreground(web));
        assertEquals(List.of(key(Resources.DEPLOYMENTS, web)), h.queued());
        assertEquals(Result.done(), h.sync(Resources.DEPLOYMENTS, deleting));
        assertTrue(h.control.calls.isEmpty(), "the ReplicaSet still blocks the deployment");
        assertEquals(List.of(key(Resources.REPLICASETS, rs)), h.queued());

        // the ReplicaSet has dependents of its own: it is deleted in the foreground too
        h.sync(Resources.REPLICASETS, rs);
        assertEquals(List.of("delete replicasets.apps/default/web-1 Foreground uid-web-1"), h.control.calls);
        ReplicaSet rsDeleting = h.apply(Resources.REPLICASETS, foreground(rs));
        h.queued();
        h.sync(Resources.REPLICASETS, rsDeleting);
        assertEquals(List.of(key(Resources.PODS, pod)), h.queued());

        h.sync(Resources.PODS, pod);
        assertEquals("delete pods/default/web-1-a Background uid-web-1-a", h.control.calls.get(1));

        // the kubelet confirms, the pod is gone: the ReplicaSet may go, then the deployment
        h.remove(Resources.PODS, pod);
        assertEquals(List.of(key(Resources.REPLICASETS, rs)), h.queued());
        h.sync(Resources.REPLICASETS, rsDeleting);
        assertEquals("update replicasets.apps/default/web-1", h.control.calls.get(2));
        assertEquals(List.of(), h.control.updated.get(0).getMetadata().getFinalizers());

        h.remove(Resources.REPLICASETS, rsDeleting);
        assertTrue(h.queued().contains(key(Resources.DEPLOYMENTS, web)));
        h.sync(Resources.DEPLOYMENTS, deleting);
        assertEquals(List.of(
                "delete replicasets.apps/default/web-1 Foreground uid-web-1",
                "delete pods/default/web-1-a Background uid-web-1-a",
                "update replicasets.apps/default/web-1",
                "update deployments.apps/default/web"), h.control.calls);
        assertEquals(List.of(), h.control.updated.get(1).getMetadata().getFinalizers());
        assertEquals("11", h.control.updated.get(1).getMetadata().getResourceVersion());
    }

    @Test
    void aTerminatingPodStillBlocksItsOwnerUntilItIsGone() {
        ReplicaSet rs = h.apply(Resources.REPLICASETS, foreground(replicaSet("web-1", null)));
        Pod terminating = h.apply(Resources.PODS, markedForDeletion(pod("web-1-a", rs), null));
        h.queued();

        h.sync(Resources.REPLICASETS, rs);
        assertTrue(h.control.calls.isEmpty());
        assertTrue(h.queued().isEmpty(), "a pod being deleted is not deleted again");

        h.remove(Resources.PODS, terminating);
        assertEquals(List.of(key(Resources.REPLICASETS, rs)), h.queued());
        h.sync(Resources.REPLICASETS, rs);
        assertEquals(List.of("update replicasets.apps/default/web-1"), h.control.calls);
    }

    @Test
    void dependentsThatDoNotBlockAreDeletedButNotWaitedFor() {
        ReplicaSet rs = h.apply(Resources.REPLICASETS, foreground(replicaSet("web-1", null)));
        Pod pod = pod("web-1-a", rs);
        pod.getMetadata().getOwnerReferences().get(0).setBlockOwnerDeletion(false);
        h.apply(Resources.PODS, pod);
        h.queued();

        h.sync(Resources.REPLICASETS, rs);
        assertEquals(List.of("update replicasets.apps/default/web-1"), h.control.calls);
        assertEquals(List.of(key(Resources.PODS, pod)), h.queued());
        h.sync(Resources.PODS, pod);
        assertEquals("delete pods/default/web-1-a Background uid-web-1-a", h.control.calls.get(1));
    }

    @Test
    void aDependentAnotherOwnerKeepsLetsGoOfTheWaitingOwner() {
        ReplicaSet deleting = h.apply(Resources.REPLICASETS, foreground(replicaSet("a", null)));
        ReplicaSet alive = h.apply(Resources.REPLICASETS, replicaSet("b", null));
        Pod pod = addOwner(pod("p", deleting), ControllerRefs.newControllerRef(alive, "apps/v1", "ReplicaSet"));
        h.apply(Resources.PODS, pod);
        h.sync(Resources.REPLICASETS, deleting);
        h.queued();

        h.sync(Resources.PODS, pod);
        assertEquals(List.of("update pods/default/p"), h.control.calls);
        Pod released = (Pod) h.control.updated.get(0);
        assertEquals(List.of("uid-b"), OwnerRefs.uids(released));

        h.apply(Resources.PODS, released); // the update comes back through the informer
        assertTrue(h.queued().contains(key(Resources.REPLICASETS, deleting)));
        h.sync(Resources.REPLICASETS, deleting);
        assertEquals(List.of("update pods/default/p", "update replicasets.apps/default/a"), h.control.calls);
    }

    @Test
    void aConflictWhileRemovingTheFinalizerIsRetried() {
        ReplicaSet rs = h.apply(Resources.REPLICASETS, foreground(replicaSet("web-1", null)));
        h.control.conflicts.add("replicasets.apps/default/web-1");
        assertEquals(Result.requeue(), h.sync(Resources.REPLICASETS, rs));
        assertTrue(h.control.calls.isEmpty());
    }
}
