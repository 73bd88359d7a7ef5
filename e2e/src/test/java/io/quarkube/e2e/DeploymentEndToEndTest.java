package io.quarkube.e2e;

import io.fabric8.kubernetes.api.model.DeleteOptionsBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.quarkube.api.Resources;
import io.quarkube.api.client.ApiClient;
import io.quarkube.launcher.LocalCluster;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Deployment controller against the whole cluster: the shared nginx example reaches 3/3; an image change
 * rolls with a pod watch checking at every event that pods stay within replicas + maxSurge (4) and available ones
 * at least replicas - maxUnavailable (3); the real kubectl's rollout status and rollout undo; deletion with each
 * propagation policy.
 */
class DeploymentEndToEndTest {
    private static final String NS = "deploy-e2e";
    private static final String GC_NS = "deploy-gc-e2e";
    private static final String NAME = "nginx-deployment";
    private static final Path EXAMPLE = Path.of("..").toAbsolutePath().normalize().getParent()
            .resolve("shared/examples/nginx-deployment.yaml");

    private final LocalCluster cluster = Cluster.get();
    private final ApiClient api = Cluster.admin();

    @Test
    void theExampleRollsWithinItsBoundsAndRollsBack() throws Exception {
        Assumptions.assumeTrue(Files.isRegularFile(EXAMPLE), "SKIPPED: no shared example at " + EXAMPLE);
        Assumptions.assumeTrue(Kubectl.available(), "SKIPPED: no kubectl on the PATH");
        Cluster.ensureNamespace(NS);
        Kubectl kubectl = new Kubectl(cluster);
        ok(kubectl.run("apply", "-n", NS, "-f", EXAMPLE.toString()));
        long start = System.nanoTime();
        Awaitility.await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(200))
                .until(() -> num(deployment().getStatus().getAvailableReplicas()) == 3);
        System.out.printf("[deployment-e2e] nginx-deployment 3/3 available after %d ms%n",
                (System.nanoTime() - start) / 1_000_000);
        Kubectl.Result status = ok(kubectl.run(180, "rollout", "status", "deployment/" + NAME, "-n", NS,
                "--timeout=150s"));
        assertTrue(status.out().contains("successfully rolled out"), status.toString());
        List<ReplicaSet> sets = replicaSets();
        assertEquals(1, sets.size());
        ReplicaSet first = sets.get(0);
        assertTrue(first.getMetadata().getName().startsWith(NAME + "-"), first.getMetadata().getName());
        assertEquals("1", annotation(first, "deployment.kubernetes.io/revision"));
        Set<String> firstPods = pods().stream().map(p -> p.getMetadata().getUid()).collect(Collectors.toSet());
        assertEquals(3, firstPods.size());

        try (KubernetesClient client = fabric8();
             DeploymentPodWatch watch = DeploymentPodWatch.start(client, NS, 4, 3)) {
            start = System.nanoTime();
            ok(kubectl.run("set", "image", "deployment/" + NAME, "nginx=nginx:1.16.1", "-n", NS));
            status = ok(kubectl.run(180, "rollout", "status", "deployment/" + NAME, "-n", NS, "--timeout=150s"));
            assertTrue(status.out().contains("successfully rolled out"), status.toString());
            long rolled = (System.nanoTime() - start) / 1_000_000;
            awaitOnlyPodsWithImage("nginx:1.16.1");
            sets = replicaSets();
            assertEquals(2, sets.size());
            ReplicaSet second = sets.stream().filter(rs -> !rs.getMetadata().getName()
                    .equals(first.getMetadata().getName())).findFirst().orElseThrow();
            assertEquals(3, second.getSpec().getReplicas());
            assertEquals("2", annotation(second, "deployment.kubernetes.io/revision"));
            assertEquals(0, replicaSet(first.getMetadata().getName()).getSpec().getReplicas());
            assertTrue(pods().stream().noneMatch(p -> firstPods.contains(p.getMetadata().getUid())),
                    "the old pods were replaced, not edited");

            start = System.nanoTime();
            ok(kubectl.run("rollout", "undo", "deployment/" + NAME, "-n", NS));
            ok(kubectl.run(180, "rollout", "status", "deployment/" + NAME, "-n", NS, "--timeout=150s"));
            long undone = (System.nanoTime() - start) / 1_000_000;
            awaitOnlyPodsWithImage("nginx:1.14.2");
            assertEquals(2, replicaSets().size(), "undo reuses the old ReplicaSet");
            ReplicaSet back = replicaSet(first.getMetadata().getName());
            assertEquals(first.getMetadata().getUid(), back.getMetadata().getUid());
            assertEquals(3, back.getSpec().getReplicas());
            assertEquals("3", annotation(back, "deployment.kubernetes.io/revision"));
            assertEquals("1", annotation(back, "deployment.kubernetes.io/revision-history"));
            assertEquals("3", annotation(deployment(), "deployment.kubernetes.io/revision"));
            assertEquals(0, replicaSet(second.getMetadata().getName()).getSpec().getReplicas());

            System.out.printf("[deployment-e2e] set image rolled out in %d ms, undo in %d ms; %d pod events watched,"
                            + " at most %d pods, at least %d available%n", rolled, undone, watch.events(),
                    watch.mostPods(), watch.fewestAvailable());
            assertTrue(watch.events() >= 12, "watched " + watch.events() + " events");
            assertEquals(List.of(), watch.violations);
            assertEquals(null, watch.closedBy());
        }
        String describe = ok(kubectl.run("describe", "deployment", NAME, "-n", NS)).out();
        assertTrue(describe.contains("Scaled up replica set " + first.getMetadata().getName() + " from 0 to 3"),
                describe);
        assertTrue(describe.contains("NewReplicaSetAvailable"), describe);
    }

    @Test
    void deletionPropagatesAsKubernetesDoes() {
        Cluster.ensureNamespace(GC_NS);
        for (String name : List.of("bg", "fg", "orphan")) {
            api.create(Resources.DEPLOYMENTS, small(name));
        }
        Awaitility.await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(200)).until(() ->
                List.of("bg", "fg", "orphan").stream().allMatch(n -> api.get(Resources.DEPLOYMENTS, GC_NS, n)
                        .map(d -> num(d.getStatus().getAvailableReplicas()) == 2).orElse(false)));

        delete("bg", "Background");
        awaitGone("bg");
        Awaitility.await().atMost(Duration.ofSeconds(90)).until(() ->
                gcReplicaSets("bg").isEmpty() && gcPods("bg").isEmpty());

        delete("fg", "Foreground");
        Deployment deleting = api.get(Resources.DEPLOYMENTS, GC_NS, "fg").orElseThrow();
        assertNotNull(deleting.getMetadata().getDeletionTimestamp());
        assertTrue(deleting.getMetadata().getFinalizers().contains("foregroundDeletion"),
                deleting.getMetadata().getFinalizers().toString());
        awaitGone("fg");
        // the Deployment went only after its dependents: nothing of it is left the moment it is gone
        assertEquals(List.of(), gcReplicaSets("fg"));
        assertEquals(List.of(), gcPods("fg"));

        Set<String> orphanPods = gcPods("orphan").stream().map(p -> p.getMetadata().getUid()).collect(Collectors.toSet());
        String rsUid = gcReplicaSets("orphan").get(0).getMetadata().getUid();
        delete("orphan", "Orphan");
        awaitGone("orphan");
        List<ReplicaSet> left = gcReplicaSets("orphan");
        assertEquals(1, left.size());
        assertEquals(rsUid, left.get(0).getMetadata().getUid());
        assertTrue(left.get(0).getMetadata().getOwnerReferences() == null
                || left.get(0).getMetadata().getOwnerReferences().isEmpty(), "the Deployment's reference is removed");
        assertEquals(orphanPods, gcPods("orphan").stream().map(p -> p.getMetadata().getUid()).collect(Collectors.toSet()),
                "the pods stay, still the ReplicaSet's");
        api.delete(Resources.REPLICASETS, GC_NS, left.get(0).getMetadata().getName()); // clean up
    }

    private void delete(String name, String policy) {
        api.delete(Resources.DEPLOYMENTS, GC_NS, name,
                new DeleteOptionsBuilder().withPropagationPolicy(policy).build());
    }

    private void awaitGone(String name) {
        Awaitility.await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(50))
                .until(() -> api.get(Resources.DEPLOYMENTS, GC_NS, name).isEmpty());
    }

    private List<ReplicaSet> gcReplicaSets(String app) {
        return api.list(Resources.REPLICASETS, GC_NS, "app=" + app);
    }

    private List<Pod> gcPods(String app) {
        return api.list(Resources.PODS, GC_NS, "app=" + app);
    }

    private static Deployment small(String name) {
        return new DeploymentBuilder().withNewMetadata().withName(name).withNamespace(GC_NS).endMetadata()
                .withNewSpec().withReplicas(2).withNewSelector().addToMatchLabels("app", name).endSelector()
                .withNewTemplate().withNewMetadata().addToLabels("app", name).endMetadata()
                .withNewSpec().addNewContainer().withName("web").withImage("nginx:1.27").endContainer().endSpec()
                .endTemplate().endSpec().build();
    }

    private void awaitOnlyPodsWithImage(String image) {
        Awaitility.await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200)).until(() -> {
            List<Pod> pods = pods();
            return pods.size() == 3 && pods.stream().allMatch(p -> p.getMetadata().getDeletionTimestamp() == null
                    && image.equals(p.getSpec().getContainers().get(0).getImage()));
        });
    }

    private Deployment deployment() {
        return api.get(Resources.DEPLOYMENTS, NS, NAME).orElseThrow();
    }

    private ReplicaSet replicaSet(String name) {
        return api.get(Resources.REPLICASETS, NS, name).orElseThrow();
    }

    private List<ReplicaSet> replicaSets() {
        return api.list(Resources.REPLICASETS, NS, "app=nginx").stream()
                .sorted(Comparator.comparing(rs -> rs.getMetadata().getCreationTimestamp())).toList();
    }

    private List<Pod> pods() {
        return api.list(Resources.PODS, NS, "app=nginx");
    }

    private KubernetesClient fabric8() throws Exception {
        return new KubernetesClientBuilder().withConfig(new ConfigBuilder().withMasterUrl(cluster.apiServerUrl())
                .withOauthToken(cluster.adminToken())
                .withCaCertData(Base64.getEncoder().encodeToString(Files.readAllBytes(cluster.caFile())))
                .withNamespace(NS).build()).build();
    }

    private static Kubectl.Result ok(Kubectl.Result result) {
        assertTrue(result.ok(), result.toString());
        return result;
    }

    private static String annotation(io.fabric8.kubernetes.api.model.HasMetadata o, String key) {
        Map<String, String> a = o.getMetadata().getAnnotations();
        return a == null ? null : a.get(key);
    }

    private static int num(Integer value) {
        return Objects.requireNonNullElse(value, 0);
    }
}
