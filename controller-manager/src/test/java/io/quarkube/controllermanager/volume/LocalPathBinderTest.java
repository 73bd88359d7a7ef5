package io.quarkube.controllermanager.volume;

import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.quarkube.api.events.EventRecorder;
import io.quarkube.api.json.Json;
import io.quarkube.controllermanager.MapLister;
import io.quarkube.controllermanager.controller.Result;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A Pending claim is Bound with its request as capacity; bound or deleted claims are left alone. */
class LocalPathBinderTest {
    private final MapLister<PersistentVolumeClaim> claims = new MapLister<>();
    private final List<PersistentVolumeClaim> writes = new ArrayList<>();
    private final List<PersistentVolumeClaim> specWrites = new ArrayList<>();
    private final LocalPathBinder binder = new LocalPathBinder(claims, c -> {
        specWrites.add(Json.copy(c, PersistentVolumeClaim.class));
        return c;
    }, c -> {
        writes.add(c);
        return c;
    }, EventRecorder.discarding());

    private static PersistentVolumeClaim claim(String name, String phase) {
        return new PersistentVolumeClaimBuilder().withNewMetadata().withNamespace("default").withName(name)
                .withUid("uid-" + name).endMetadata().withNewSpec().withAccessModes("ReadWriteOnce").withNewResources()
                .addToRequests("storage", new Quantity("1Gi")).endResources().endSpec()
                .withNewStatus().withPhase(phase).endStatus().build();
    }

    @Test
    void aPendingClaimIsBoundWithItsRequestAsCapacity() {
        PersistentVolumeClaim pending = claim("www-web-0", "Pending");
        claims.put(pending);
        assertEquals(Result.done(), binder.sync("default/www-web-0"));
        assertEquals(1, writes.size());
        PersistentVolumeClaim bound = writes.get(0);
        assertEquals("Bound", bound.getStatus().getPhase());
        assertEquals(Map.of("storage", new Quantity("1Gi")), bound.getStatus().getCapacity());
        assertEquals(List.of("ReadWriteOnce"), bound.getStatus().getAccessModes());
        assertEquals("pvc-uid-www-web-0", specWrites.get(0).getSpec().getVolumeName(),
                "kubectl get pvc shows capacity and access modes only for a claim with a volume");
        assertEquals("pvc-uid-www-web-0", bound.getSpec().getVolumeName());
        assertEquals("Pending", pending.getStatus().getPhase(), "the cached object is not changed");
    }

    @Test
    void boundDeletedAndMissingClaimsAreLeftAlone() {
        claims.put(claim("bound", "Bound"));
        PersistentVolumeClaim deleting = claim("deleting", "Pending");
        deleting.getMetadata().setDeletionTimestamp("2025-01-01T00:00:00Z");
        claims.put(deleting);
        binder.sync("default/bound");
        binder.sync("default/deleting");
        binder.sync("default/missing");
        assertTrue(writes.isEmpty());
        assertTrue(specWrites.isEmpty());
    }
}
