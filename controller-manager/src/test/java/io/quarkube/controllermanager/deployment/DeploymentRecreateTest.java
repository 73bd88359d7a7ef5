package io.quarkube.controllermanager.deployment;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.quarkube.controllermanager.deployment.DeploymentHarness.deployment;
import static io.quarkube.controllermanager.deployment.DeploymentHarness.image;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DeploymentRecreateTest {
    private final DeploymentHarness h = new DeploymentHarness();

    private static Deployment recreate(String name, int replicas, String image) {
        Deployment d = deployment(name, replicas, "1", "1", image);
        d.getSpec().getStrategy().setType("Recreate");
        d.getSpec().getStrategy().setRollingUpdate(null);
        return d;
    }

    @Test
    void scalesTheOldPodsAwayAndWaitsUntilTheyAreGoneBeforeCreatingTheNewReplicaSet() {
        h.create(recreate("db", 3, "postgres:16"));
        h.settle("db");
        ReplicaSet old = h.replicaSetsOf("db").get(0);
        assertEquals(3, old.getSpec().getReplicas());

        h.setImage("db", "postgres:17");
        h.sync("db");
        assertEquals(1, h.replicaSetsOf("db").size(), "no new ReplicaSet while old pods exist");
        assertEquals(0, h.replicaSetsOf("db").get(0).getSpec().getReplicas());
        assertTrue(h.events.lines.contains("Normal ScalingReplicaSet: Scaled down replica set "
                + old.getMetadata().getName() + " from 3 to 0"), h.events.lines::toString);

        // the ReplicaSet controller marks the pods terminating; they still run, so nothing new yet
        ReplicaSet scaled = h.replicaSetsOf("db").get(0);
        while (h.reconcileOne(scaled)) {
            // delete all three
        }
        h.writeStatus(scaled);
        h.sync("db");
        assertEquals(1, h.replicaSetsOf("db").size(), "terminating pods still count as running old pods");

        // two are gone, one is still terminating
        List<Pod> terminating = h.podsOf(scaled);
        h.pods.remove(terminating.get(0));
        h.pods.remove(terminating.get(1));
        h.sync("db");
        assertEquals(1, h.replicaSetsOf("db").size());

        h.pods.remove(terminating.get(2));
        h.sync("db");
        List<ReplicaSet> sets = h.replicaSetsOf("db");
        assertEquals(2, sets.size());
        assertEquals("postgres:17", image(sets.get(1)));
        assertEquals(3, sets.get(1).getSpec().getReplicas(), "all replicas at once");
        assertEquals("2", DeploymentHarness.annotation(sets.get(1), Revisions.REVISION));

        h.settle("db");
        assertEquals(3, h.get("db").getStatus().getAvailableReplicas());
        assertEquals(3, h.get("db").getStatus().getUpdatedReplicas());
    }

    @Test
    void finishedOldPodsDoNotHoldTheNewReplicaSetBack() {
        h.create(recreate("db", 1, "postgres:16"));
        h.settle("db");
        ReplicaSet old = h.replicaSetsOf("db").get(0);
        Pod pod = h.podsOf(old).get(0);
        Pod failed = io.quarkube.api.json.Json.copy(pod, Pod.class);
        failed.getStatus().setPhase("Failed");
        h.pods.put(failed);
        h.writeStatus(old);
        h.setImage("db", "postgres:17");
        h.sync("db");
        h.sync("db");
        assertEquals(2, h.replicaSetsOf("db").size());
    }
}
