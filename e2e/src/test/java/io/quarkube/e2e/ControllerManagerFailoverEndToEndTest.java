package io.quarkube.e2e;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.quarkube.api.Resources;
import io.quarkube.api.client.ApiClient;
import io.quarkube.launcher.LocalCluster;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Two controller-manager replicas (the launcher's and one started for the test): only the holder of the Lease
 * kube-system/kube-controller-manager runs the controllers; after a SIGKILL of the holder the other takes the Lease
 * and finishes a scale-up made meanwhile, and no pod is created twice (the ReplicaSet never has more pods than
 * replicas, polled every 100 ms until 2 s after the last creation).
 */
class ControllerManagerFailoverEndToEndTest {
    private static final String NS = "cm-failover";
    private static final String CM = LocalCluster.CONTROLLER_MANAGER;

    private final LocalCluster cluster = Cluster.get();
    private final ApiClient api = Cluster.admin();

    @Test
    void onlyTheLeaseHolderActsAndTheSurvivorTakesOverWithoutDuplicates() {
        Cluster.ensureNamespace(NS);
        LocalCluster.Replica replica = cluster.startReplica(CM, "b");
        boolean mainKilled = false;
        try {
            String mainId = identity(cluster.logFile(CM));
            String replicaId = identity(replica.logFile());
            assertNotEquals(mainId, replicaId);
            String holder = holder();
            boolean mainLeads = mainId.equals(holder);
            assertTrue(mainLeads || replicaId.equals(holder), "Lease holder " + holder);

            api.create(Resources.REPLICASETS, replicaSet(3));
            awaitPods(3);

            long kill = System.nanoTime();
            if (mainLeads) {
                cluster.kill(CM);
                mainKilled = true;
            } else {
                replica.kill();
            }
            scaleTo(6);
            String survivor = mainLeads ? replicaId : mainId;
            int most = 0;
            long sixth = -1;
            while (System.nanoTime() - kill < Duration.ofSeconds(40).toNanos()) {
                int count = pods().size();
                most = Math.max(most, count);
                if (count == 6 && sixth < 0) {
                    sixth = (System.nanoTime() - kill) / 1_000_000;
                }
                if (sixth >= 0 && (System.nanoTime() - kill) / 1_000_000 > sixth + 2_000) {
                    break; // two more seconds, in case a duplicate creation was in flight
                }
                SchedulerEndToEndTest.sleep(100);
            }
            System.out.printf("[cm-e2e] failover after SIGKILL of the %s: 6 pods %d ms after the kill%n",
                    mainLeads ? "launcher's controller-manager" : "replica", sixth);
            assertTrue(sixth >= 0 && sixth < 15_000, "the survivor scaled up " + sixth + " ms after the kill");
            assertEquals(survivor, holder(), "the survivor holds the Lease");
            assertEquals(6, most, "never more pods than replicas");
            assertEquals(6, pods().size());
            // events are best effort (a killed replica may not have sent its last count update): check the pods
            String uid = api.get(Resources.REPLICASETS, NS, "web").orElseThrow().getMetadata().getUid();
            assertTrue(pods().stream().allMatch(p -> p.getMetadata().getOwnerReferences().stream()
                    .anyMatch(o -> uid.equals(o.getUid()) && Boolean.TRUE.equals(o.getController()))),
                    "every pod is controlled by the ReplicaSet");
        } finally {
            replica.stop();
            if (mainKilled) {
                cluster.restart(CM);
            }
            api.delete(Resources.REPLICASETS, NS, "web");
        }
    }

    private void scaleTo(int replicas) {
        Updates.update(api, Resources.REPLICASETS, NS, "web", rs -> rs.getSpec().setReplicas(replicas));
    }

    private List<Pod> pods() {
        return api.list(Resources.PODS, NS, "app=web").stream()
                .filter(p -> p.getMetadata().getDeletionTimestamp() == null).toList();
    }

    private void awaitPods(int count) {
        Awaitility.await(count + " pods of the ReplicaSet").atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(200)).until(() -> pods().size() == count);
    }

    private String holder() {
        return api.get(Resources.LEASES, "kube-system", "kube-controller-manager").map(Lease::getSpec)
                .map(spec -> spec.getHolderIdentity()).orElse(null);
    }

    private static String identity(java.nio.file.Path log) {
        return Awaitility.await("the identity in " + log).atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> SchedulingSupport.leaderIdentity(log), Objects::nonNull);
    }

    private static ReplicaSet replicaSet(int replicas) {
        return new ReplicaSetBuilder().withNewMetadata().withNamespace(NS).withName("web").endMetadata()
                .withNewSpec().withReplicas(replicas).withNewSelector().addToMatchLabels("app", "web").endSelector()
                .withNewTemplate().withNewMetadata().addToLabels("app", "web").endMetadata()
                .withNewSpec().addNewContainer().withName("web").withImage("nginx:1.27").endContainer().endSpec()
                .endTemplate().endSpec().build();
    }
}
