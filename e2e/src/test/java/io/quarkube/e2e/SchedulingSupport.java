package io.quarkube.e2e;

import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventList;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.Quantity;
import io.quarkube.api.Resources;
import io.quarkube.api.client.ApiClient;
import io.quarkube.api.json.Json;
import io.quarkube.infra.Certificates;
import io.quarkube.launcher.LocalCluster;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the scheduler end-to-end tests need beyond {@link ApiClient}: Node objects without a kubelet behind them
 * (Ready, with allocatable resources: the scheduler cannot tell them from real ones), pods with requests,
 * parallel creation, deletecollection with grace 0 (nothing runs those pods), events by field selector, a
 * scheduler's Prometheus metrics and its leader-election identity from its log.
 */
final class SchedulingSupport {
    private static final Pattern IDENTITY = Pattern.compile(": (\\S+) attempting to acquire the lease");
    private static final HttpClient PLAIN = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final ApiClient api;
    private final LocalCluster cluster;
    private final HttpClient tls;

    SchedulingSupport(ApiClient api, LocalCluster cluster) {
        this.api = api;
        this.cluster = cluster;
        try {
            this.tls = HttpClient.newBuilder().sslContext(Certificates.trusting(cluster.caFile()))
                    .connectTimeout(Duration.ofSeconds(5)).build();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** A Ready node as a kubelet would register it, with no kubelet behind it. */
    static Node fakeNode(String name, String cpu, String memory, String pods, Map<String, String> labels) {
        Map<String, String> all = new HashMap<>(labels);
        all.put("kubernetes.io/hostname", name);
        Map<String, Quantity> resources = Map.of("cpu", new Quantity(cpu), "memory", new Quantity(memory),
                "pods", new Quantity(pods));
        String now = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString();
        return new NodeBuilder().withNewMetadata().withName(name).withLabels(all).endMetadata()
                .withNewSpec().endSpec()
                .withNewStatus().withCapacity(resources).withAllocatable(resources)
                .addNewCondition().withType("Ready").withStatus("True").withReason("KubeletReady")
                .withMessage("kubelet is posting ready status").withLastHeartbeatTime(now)
                .withLastTransitionTime(now).endCondition()
                .endStatus().build();
    }

    /** A pod requesting cpu/memory (either may be null), confined by a nodeSelector (may be empty). */
    static Pod pod(String namespace, String name, Map<String, String> labels, String cpu, String memory,
                   Map<String, String> nodeSelector) {
        Map<String, Quantity> requests = new HashMap<>();
        if (cpu != null) {
            requests.put("cpu", new Quantity(cpu));
        }
        if (memory != null) {
            requests.put("memory", new Quantity(memory));
        }
        return new PodBuilder().withNewMetadata().withName(name).withNamespace(namespace).withLabels(labels)
                .endMetadata()
                .withNewSpec().withNodeSelector(nodeSelector).withTerminationGracePeriodSeconds(0L)
                .withContainers(new ContainerBuilder().withName("main").withImage("registry.k8s.io/pause:3.10")
                        .withNewResources().withRequests(requests).endResources().build())
                .endSpec().build();
    }

    static PodCondition condition(Pod pod, String type) {
        if (pod.getStatus() == null || pod.getStatus().getConditions() == null) {
            return null;
        }
        return pod.getStatus().getConditions().stream().filter(c -> type.equals(c.getType())).findFirst()
                .orElse(null);
    }

    static boolean unschedulable(Pod pod) {
        PodCondition c = condition(pod, "PodScheduled");
        return c != null && "False".equals(c.getStatus()) && "Unschedulable".equals(c.getReason());
    }

    static boolean bound(Pod pod) {
        return pod.getSpec().getNodeName() != null && !pod.getSpec().getNodeName().isEmpty();
    }

    /** Runs every action on {@code threads} threads at once; the first failure is rethrown. */
    static <T> void parallel(int threads, List<T> items, Consumer<T> action) {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (T item : items) {
                done.add(pool.submit(() -> action.accept(item)));
            }
            for (Future<?> f : done) {
                f.get();
            }
        } catch (java.util.concurrent.ExecutionException e) {
            throw new AssertionError("a parallel request failed: " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } finally {
            pool.shutdownNow();
        }
    }

    /** DELETE of a pod collection with gracePeriodSeconds 0; selectors may be null. */
    void deletePods(String namespace, String labelSelector, String fieldSelector) {
        StringBuilder path = new StringBuilder("/api/v1/namespaces/" + namespace + "/pods?");
        if (labelSelector != null) {
            path.append("labelSelector=").append(enc(labelSelector)).append('&');
        }
        if (fieldSelector != null) {
            path.append("fieldSelector=").append(enc(fieldSelector));
        }
        String body = "{\"kind\":\"DeleteOptions\",\"apiVersion\":\"v1\",\"gracePeriodSeconds\":0}";
        HttpRequest request = HttpRequest.newBuilder(URI.create(cluster.apiServerUrl() + path))
                .timeout(Duration.ofSeconds(120)).header("Authorization", "Bearer " + cluster.adminToken())
                .header("Content-Type", "application/json")
                .method("DELETE", HttpRequest.BodyPublishers.ofString(body)).build();
        HttpResponse<String> response = send(tls, request);
        if (response.statusCode() != 200) {
            throw new AssertionError("deletecollection " + path + " -> " + response.statusCode() + ": "
                    + response.body());
        }
    }

    void deleteNodes(List<String> names) {
        parallel(8, names, name -> api.delete(Resources.NODES, null, name));
    }

    /** Events of a namespace selected by a field selector (e.g. involvedObject.name=x,reason=Scheduled). */
    List<Event> events(String namespace, String fieldSelector) {
        String text = api.getText("/api/v1/namespaces/" + namespace + "/events?fieldSelector=" + enc(fieldSelector));
        try {
            return Json.MAPPER.readValue(text, EventList.class).getItems();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Sum of the samples of one metric whose labels contain {@code labels} (e.g. result="scheduled"). */
    static double metric(String serviceUrl, String name, String labels) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(serviceUrl + "/q/metrics"))
                .timeout(Duration.ofSeconds(5)).build();
        HttpResponse<String> response = send(PLAIN, request);
        if (response.statusCode() != 200) {
            throw new AssertionError(serviceUrl + "/q/metrics -> " + response.statusCode());
        }
        double sum = 0;
        boolean found = false;
        for (String line : response.body().split("\n")) {
            if ((line.startsWith(name + "{") || line.startsWith(name + " ")) && line.contains(labels)) {
                sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
                found = true;
            }
        }
        if (!found) {
            throw new AssertionError("no " + name + "{" + labels + "} on " + serviceUrl + "/q/metrics");
        }
        return sum;
    }

    /** The identity a scheduler competes for the Lease with: the last one its log announced, or null. */
    static String leaderIdentity(Path log) {
        try {
            Matcher m = IDENTITY.matcher(Files.readString(log));
            String last = null;
            while (m.find()) {
                last = m.group(1);
            }
            return last;
        } catch (IOException e) {
            return null;
        }
    }

    private static HttpResponse<String> send(HttpClient client, HttpRequest request) {
        try {
            return client.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(request.method() + " " + request.uri() + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
