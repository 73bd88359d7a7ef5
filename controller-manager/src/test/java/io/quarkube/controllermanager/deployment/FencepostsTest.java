package io.quarkube.controllermanager.deployment;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static io.quarkube.controllermanager.deployment.DeploymentHarness.deployment;
import static io.quarkube.controllermanager.deployment.DeploymentHarness.intOrPercent;
import static org.junit.jupiter.api.Assertions.assertEquals;

class FencepostsTest {
    /** Surge percentages round up, unavailability percentages round down; 0 and 0 become 0 and 1. */
    @ParameterizedTest
    @CsvSource({"25%,25%,3,1,0", "25%,25%,10,3,2", "25%,25%,4,1,1", "0,0,5,0,1", "0%,1%,2,0,1", "1%,0%,2,1,0",
            "2,3,10,2,3", "100%,0,1,1,0", "50%,50%,1,1,0", "10%,10%,0,0,1"})
    void resolvesLikeKubernetes(String surge, String unavailable, int replicas, int wantSurge, int wantUnavailable) {
        Fenceposts.Resolved r = Fenceposts.resolve(intOrPercent(surge), intOrPercent(unavailable), replicas);
        assertEquals(new Fenceposts.Resolved(wantSurge, wantUnavailable), r);
    }

    @Test
    void maxUnavailableIsCappedAtReplicasAndZeroForNoReplicas() {
        assertEquals(2, Fenceposts.maxUnavailable(deployment("d", 2, "0", "5", "x")));
        assertEquals(0, Fenceposts.maxUnavailable(deployment("d", 0, "1", "1", "x")));
        var recreate = deployment("d", 3, "1", "1", "x");
        recreate.getSpec().getStrategy().setType("Recreate");
        recreate.getSpec().getStrategy().setRollingUpdate(null);
        assertEquals(0, Fenceposts.maxUnavailable(recreate));
        assertEquals(0, Fenceposts.maxSurge(recreate));
        assertEquals(3, Fenceposts.newRSNewReplicas(recreate, 7, 0));
    }

    @Test
    void theNewReplicaSetGrowsOnlyWithinReplicasPlusSurge() {
        var d = deployment("d", 10, "3", "2", "x");
        assertEquals(3, Fenceposts.newRSNewReplicas(d, 10, 0));
        assertEquals(3, Fenceposts.newRSNewReplicas(d, 13, 3));
        assertEquals(10, Fenceposts.newRSNewReplicas(d, 11, 8), "never beyond replicas");
        assertEquals(10, Fenceposts.newRSNewReplicas(d, 0, 0));
    }
}
