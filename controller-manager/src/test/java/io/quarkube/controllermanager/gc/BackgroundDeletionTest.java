package io.quarkube.controllermanager.gc;

import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.quarkube.api.Resources;
import io.quarkube.api.client.ApiException;
import io.quarkube.api.json.Json;
import io.quarkube.controllermanager.controller.ControllerRefs;
import io.quarkube.controllermanager.controller.Result;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.quarkube.controllermanager.gc.GcHarness.addOwner;
import static io.quarkube.controllermanager.gc.GcHarness.deployment;
import static io.quarkube.controllermanager.gc.GcHarness.key;
import static io.quarkube.controllermanager.gc.GcHarness.pod;
import static io.quarkube.controllermanager.gc.GcHarness.replicaSet;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Dependents whose owners are all gone are deleted (Background); one owner left keeps them. */
class BackgroundDeletionTest {
    private final GcHarness h = new GcHarness();

    @Test
    void replicaSetOfADeploymentThatIsGoneIsDeletedWithItsUid() {
        ReplicaSet rs = h.apply(Resources.REPLICASETS, replicaSet("web-1", deployment("web", "uid-web")));
        assertEquals(List.of(key(Resources.REPLICASETS, rs)), h.queued());
        assertEquals(Result.done(), h.sync(Resources.REPLICASETS, rs));
        assertEquals(List.of("delete replicasets.apps/default/web-1 Background uid-web-1"), h.control.calls);
    }

    @Test
    void podOfAReplicaSetThatIsGoneIsDeleted() {
        Pod pod = h.apply(Resources.PODS, pod("web-1-a", replicaSet("web-1", null)));
        h.sync(Resources.PODS, pod);
        assertEquals(List.of("delete pods/default/web-1-a Background uid-web-1-a"), h.control.calls);
    }

    @Test
    void podWithTwoOwnersIsKeptWhileOneExistsAndLosesOnlyTheReferenceToTheOther() {
        ReplicaSet kept = h.apply(Resources.REPLICASETS, replicaSet("kept", null));
        Pod pod = pod("p", kept);
        addOwner(pod, new OwnerReferenceBuilder().withApiVersion("apps/v1").withKind("ReplicaSet")
                .withName("gone").withUid("uid-gone").build());
        h.apply(Resources.PODS, pod);

        assertEquals(Result.done(), h.sync(Resources.PODS, pod));

        assertEquals(List.of("update pods/default/p"), h.control.calls);
        assertEquals(List.of("uid-kept"), OwnerRefs.uids(h.control.updated.get(0)));
        assertEquals("30", h.control.updated.get(0).getMetadata().getResourceVersion(), "a conditional update");
    }

    @Test
    void podWithTwoOwnersThatAreBothGoneIsDeleted() {
        Pod pod = pod("p", replicaSet("a", null));
        addOwner(pod, ControllerRefs.newControllerRef(replicaSet("b", null), "apps/v1", "ReplicaSet"));
        h.apply(Resources.PODS, pod);
        h.sync(Resources.PODS, pod);
        assertEquals(List.of("delete pods/default/p Background uid-p"), h.control.calls);
    }

    @Test
    void ownerRecreatedUnderTheSameNameWithANewUidCountsAsGone() {
        h.apply(Resources.DEPLOYMENTS, deployment("web", "uid-web-2"));
        ReplicaSet rs = h.apply(Resources.REPLICASETS, replicaSet("web-1", deployment("web", "uid-web-1")));
        h.sync(Resources.REPLICASETS, rs);
        assertEquals(List.of("delete replicasets.apps/default/web-1 Background uid-web-1"), h.control.calls);
    }

    @Test
    void ownerMissingFromTheCacheButPresentLiveIsKept() {
        Deployment web = deployment("web", "uid-web");
        h.control.putLive(Resources.DEPLOYMENTS, web); // its event has not arrived yet
        ReplicaSet rs = h.apply(Resources.REPLICASETS, replicaSet("web-1", web));
        h.sync(Resources.REPLICASETS, rs);
        assertTrue(h.control.calls.isEmpty());
        assertEquals(List.of("deployments.apps/default/web"), h.control.reads);
    }

    @Test
    void ownerInTheCacheNeedsNoLiveRead() {
        Deployment web = h.apply(Resources.DEPLOYMENTS, deployment("web", "uid-web"));
        ReplicaSet rs = h.apply(Resources.REPLICASETS, replicaSet("web-1", web));
        h.sync(Resources.REPLICASETS, rs);
        assertTrue(h.control.calls.isEmpty());
        assertTrue(h.control.reads.isEmpty());
    }

    @Test
    void anOwnerConfirmedGoneIsNotAskedForAgain() {
        Deployment gone = deployment("web", "uid-web");
        ReplicaSet a = h.apply(Resources.REPLICASETS, replicaSet("web-1", gone));
        ReplicaSet b = h.apply(Resources.REPLICASETS, replicaSet("web-2", gone));
        h.sync(Resources.REPLICASETS, a);
        h.sync(Resources.REPLICASETS, b);
        assertEquals(2, h.control.calls.size());
        assertEquals(1, h.control.reads.stream().filter("deployments.apps/default/web"::equals).count());
    }

    @Test
    void theLiveOwnerReferencesDecideWhenTheCacheLagsBehindAnAdoption() {
        ReplicaSet cached = h.apply(Resources.REPLICASETS, replicaSet("web-1", deployment("old", "uid-old")));
        ReplicaSet adopted = replicaSet("web-1", h.apply(Resources.DEPLOYMENTS, deployment("new", "uid-new")));
        h.control.putLive(Resources.REPLICASETS, adopted);

        assertEquals(Result.requeue(), h.sync(Resources.REPLICASETS, cached));
        assertTrue(h.control.calls.isEmpty());
    }

    @Test
    void anOrphanFinalizerTheObjectAlreadyCarriesIsHonoured() {
        ReplicaSet rs = replicaSet("web-1", deployment("web", "uid-web"));
        rs.getMetadata().setFinalizers(List.of("orphan"));
        h.apply(Resources.REPLICASETS, rs);
        h.sync(Resources.REPLICASETS, rs);
        assertEquals(List.of("delete replicasets.apps/default/web-1 Orphan uid-web-1"), h.control.calls);
    }

    @Test
    void ownersOfKindsQuarkubeDoesNotServeKeepTheirDependents() {
        Pod pod = addOwner(pod("p", null), new OwnerReferenceBuilder().withApiVersion("example.com/v1")
                .withKind("Widget").withName("w").withUid("uid-w").build());
        h.apply(Resources.PODS, pod);
        h.sync(Resources.PODS, pod);
        assertTrue(h.control.calls.isEmpty());
        assertTrue(h.control.reads.isEmpty());
    }

    @Test
    void objectsBeingDeletedObjectsWithoutOwnersAndGoneObjectsAreLeftAlone() {
        Pod terminating = pod("t", replicaSet("web-1", null));
        terminating.getMetadata().setDeletionTimestamp("2025-01-01T00:00:00Z");
        h.apply(Resources.PODS, terminating);
        h.apply(Resources.PODS, pod("bare", null));
        h.sync(Resources.PODS, terminating);
        h.sync(Resources.PODS, pod("bare", null));
        assertEquals(Result.done(), h.sync.sync("pods/default/gone"));
        assertEquals(Result.done(), h.sync.sync("widgets.example.com/default/w"));
        assertTrue(h.control.calls.isEmpty());
    }

    @Test
    void anObjectAlreadyGoneOrReplacedWhenDeletedIsFine() {
        Pod pod = h.apply(Resources.PODS, pod("p", replicaSet("web-1", null)));
        h.control.deleteError = new ApiException(404, null, "not found");
        assertEquals(Result.done(), h.sync(Resources.PODS, pod));
        h.control.deleteError = new ApiException(409, null, "Precondition failed: UID in precondition");
        assertEquals(Result.done(), h.sync(Resources.PODS, pod));
    }

    @Test
    void theCachedObjectIsNeverChanged() {
        ReplicaSet kept = h.apply(Resources.REPLICASETS, replicaSet("kept", null));
        Pod pod = addOwner(pod("p", kept), new OwnerReferenceBuilder().withApiVersion("apps/v1")
                .withKind("ReplicaSet").withName("gone").withUid("uid-gone").build());
        h.apply(Resources.PODS, pod);
        String before = Json.writeString(pod);
        h.sync(Resources.PODS, pod);
        assertEquals(before, Json.writeString(h.caches.lister(Resources.PODS).get("default", "p").orElseThrow()));
    }
}
