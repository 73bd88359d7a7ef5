package io.quarkube.e2e;

import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.quarkube.launcher.LocalCluster;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The fabric8 kubernetes-client 8.0 against the running services, unmodified, as a Java user drives it. */
class Fabric8ClientTest {
    private static final String NS = "fabric8-e2e";
    private static KubernetesClient client;

    @BeforeAll
    static void connect() throws Exception {
        LocalCluster cluster = Cluster.get();
        Config config = new ConfigBuilder().withMasterUrl(cluster.apiServerUrl()).withOauthToken(cluster.adminToken())
                .withCaCertData(java.util.Base64.getEncoder().encodeToString(Files.readAllBytes(cluster.caFile())))
                .withNamespace(NS).build();
        client = new KubernetesClientBuilder().withConfig(config).build();
        client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(NS).endMetadata().build())
                .create();
    }

    @AfterAll
    static void close() {
        if (client != null) {
            client.close();
        }
    }

    private static Pod pod(String name) {
        return new PodBuilder().withNewMetadata().withName(name).withLabels(Map.of("app", "f8")).endMetadata()
                .withNewSpec().withContainers(new ContainerBuilder().withName("c").withImage("nginx:1.27").build())
                .endSpec().build();
    }

    @Test
    void crudAndEveryPatchType() {
        // no scheduler takes it, so only this test writes it (edit() sends its resourceVersion: a lock)
        Pod unscheduled = pod("crud");
        unscheduled.getSpec().setSchedulerName("nobody");
        Pod created = client.pods().resource(unscheduled).create();
        assertNotNull(created.getMetadata().getUid());
        assertEquals("crud", client.pods().withName("crud").get().getMetadata().getName());
        assertTrue(client.pods().withLabel("app", "f8").list().getItems().stream()
                .anyMatch(p -> p.getMetadata().getName().equals("crud")));
        assertNull(client.pods().withName("absent").get(), "fabric8 maps a 404 to null");

        // update() with a stale resourceVersion is a 409
        Pod stale = client.pods().withName("crud").get();
        client.pods().withName("crud").edit(p -> new PodBuilder(p).editMetadata().addToLabels("edited", "yes")
                .endMetadata().build()); // JSON patch
        stale.getMetadata().getLabels().put("lost", "update");
        KubernetesClientException conflict = assertThrows(KubernetesClientException.class,
                () -> client.pods().resource(stale).update());
        assertEquals(409, conflict.getCode());

        client.pods().withName("crud").patch(PatchContext.of(PatchType.JSON_MERGE),
                "{\"metadata\":{\"labels\":{\"merge\":\"yes\"}}}");
        client.pods().withName("crud").patch(PatchContext.of(PatchType.STRATEGIC_MERGE),
                "{\"spec\":{\"containers\":[{\"name\":\"c\",\"image\":\"nginx:1.28\"}]}}");
        Pod patched = client.pods().withName("crud").get();
        assertEquals("yes", patched.getMetadata().getLabels().get("edited"));
        assertEquals("yes", patched.getMetadata().getLabels().get("merge"));
        assertEquals("nginx:1.28", patched.getSpec().getContainers().get(0).getImage());

        Pod applied = client.pods().resource(pod("applied")).fieldManager("fabric8").serverSideApply();
        assertEquals("applied", applied.getMetadata().getName());

        assertTrue(client.pods().withName("crud").withGracePeriod(0).delete().size() == 1);
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> client.pods().withName("crud").get() == null);
    }

    @Test
    void informerSeesAddsAndResyncs() throws Exception {
        List<String> added = new CopyOnWriteArrayList<>();
        List<String> resynced = new CopyOnWriteArrayList<>();
        SharedIndexInformer<Pod> informer = client.pods().inform(new ResourceEventHandler<>() {
            @Override
            public void onAdd(Pod pod) {
                added.add(pod.getMetadata().getName());
            }

            @Override
            public void onUpdate(Pod oldPod, Pod newPod) {
                if (oldPod.getMetadata().getResourceVersion().equals(newPod.getMetadata().getResourceVersion())) {
                    resynced.add(newPod.getMetadata().getName());
                }
            }

            @Override
            public void onDelete(Pod pod, boolean unknown) {
            }
        }, 1_000);
        try {
            client.pods().resource(pod("informed")).create();
            Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> added.contains("informed"));
            Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> resynced.contains("informed"));
        } finally {
            informer.close();
        }
    }

    @Test
    void watchResumesFromAVersionAndReportsGone() throws Exception {
        String rv = client.pods().list().getMetadata().getResourceVersion();
        BlockingQueue<String> events = new LinkedBlockingQueue<>();
        try (var watch = client.pods().withResourceVersion(rv).watch(new Watcher<>() {
            @Override
            public void eventReceived(Action action, Pod pod) {
                events.add(action + " " + pod.getMetadata().getName());
            }

            @Override
            public void onClose(WatcherException cause) {
            }
        })) {
            client.pods().resource(pod("watched")).create();
            assertEquals("ADDED watched", events.poll(30, TimeUnit.SECONDS));
        }

        // outrun the api-server's watch history, then resume from before it: 410, which fabric8 reports as gone
        String old = client.pods().list().getMetadata().getResourceVersion();
        for (int i = 0; i <= Cluster.WATCH_HISTORY / 2; i++) {
            client.pods().resource(pod("churn-" + i)).create();
            client.pods().withName("churn-" + i).withGracePeriod(0).delete();
        }
        // fabric8 surfaces the 410 either from watch() itself or through onClose, depending on when it arrives
        CompletableFuture<Integer> gone = new CompletableFuture<>();
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> {
            try (var attempt = client.pods().withResourceVersion(old).watch(new Watcher<Pod>() {
                @Override
                public void eventReceived(Action action, Pod pod) {
                }

                @Override
                public void onClose(WatcherException cause) {
                    if (cause.isHttpGone()) {
                        gone.complete(410);
                    }
                }
            })) {
                return gone.get(2, TimeUnit.SECONDS) == 410;
            } catch (KubernetesClientException e) {
                return e.getCode() == 410;
            } catch (java.util.concurrent.TimeoutException cacheNotThereYet) {
                return false; // the watch was accepted: the cache had not read the churn yet
            }
        });
    }

    @Test
    void scaleAndLog() throws Exception {
        Deployment d = new DeploymentBuilder().withNewMetadata().withName("scaled").endMetadata().withNewSpec()
                .withReplicas(1).withNewSelector().withMatchLabels(Map.of("app", "scaled")).endSelector()
                .withNewTemplate().withNewMetadata().withLabels(Map.of("app", "scaled")).endMetadata().withNewSpec()
                .withContainers(new ContainerBuilder().withName("c").withImage("nginx:1.27").build()).endSpec()
                .endTemplate().endSpec().build();
        client.apps().deployments().resource(d).create();
        client.apps().deployments().withName("scaled").scale(3);
        assertEquals(3, client.apps().deployments().withName("scaled").get().getSpec().getReplicas());

        Pod echo = new PodBuilder().withNewMetadata().withName("echo").endMetadata().withNewSpec()
                .withRestartPolicy("Never").withContainers(new ContainerBuilder().withName("c").withImage("busybox")
                        .withCommand("sh", "-c", "echo from fabric8").build()).endSpec().build();
        client.pods().resource(echo).create();
        Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> {
            Pod p = client.pods().withName("echo").get();
            return p != null && "Succeeded".equals(p.getStatus().getPhase());
        });
        assertEquals("from fabric8\n", client.pods().withName("echo").getLog());
    }
}
