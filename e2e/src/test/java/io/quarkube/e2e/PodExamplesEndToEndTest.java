package io.quarkube.e2e;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fabric8.kubernetes.api.model.ContainerStateTerminated;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.quarkube.api.Resources;
import io.quarkube.api.client.ApiClient;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The reference notes' Pod examples on the real cluster with the process runtime: the sidecar pod (init container
 * seeds a shared emptyDir, web serves it on the pod's own network, readiness probe, refresher rewrites it), the
 * hello Job's pod template greeting through pods/log, and a container's hostname being its pod's name.
 */
class PodExamplesEndToEndTest {
    private static final String NS = "pod-examples";
    private static final Path EXAMPLES = Path.of("..").toAbsolutePath().normalize().getParent()
            .resolve("shared/examples");
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final ApiClient api = Cluster.admin();

    @BeforeAll
    static void namespace() {
        Cluster.ensureNamespace(NS);
    }

    @Test
    void sidecarExampleSeedsServesAndRefreshesItsSharedVolume() throws Exception {
        // posted as written: the e2e classpath's newer fabric8 model would not round-trip "port: 8000"
        Map<String, Object> manifest = manifest("sidecar-pod.yaml");
        Pod pod = api.post("/api/v1/namespaces/" + NS + "/pods", manifest, Pod.class);

        Pod ready = await(pod.getMetadata().getName(), Duration.ofSeconds(90),
                p -> "True".equals(condition(p, "Ready")));
        ContainerStateTerminated seeded = ready.getStatus().getInitContainerStatuses().get(0).getState().getTerminated();
        assertEquals(0, seeded.getExitCode(), "the init container wrote the first page");
        assertEquals("True", condition(ready, "ContainersReady"));
        assertTrue(ready.getStatus().getContainerStatuses().stream().allMatch(c -> Boolean.TRUE.equals(c.getReady())),
                "web (readiness probe) and refresher are ready: " + ready.getStatus().getContainerStatuses());

        // the pod has its own IP on the node's pod network, reachable from the host like a CNI pod network
        String url = "http://" + ready.getStatus().getPodIP() + ":8000/index.html";
        String first = get(url);
        assertTrue(!first.isBlank(), "web serves the shared file");
        // the refresher rewrites it every 5 s with the date: web serves the new content from the same volume
        String later = Awaitility.await("the refresher's rewrite is served").atMost(Duration.ofSeconds(15))
                .pollInterval(Duration.ofMillis(500)).until(() -> get(url), body -> !body.equals(first));
        assertTrue(later.matches("(?s).*\\d\\d:\\d\\d:\\d\\d.*"), "a date from the refresher: " + later);
    }

    @Test
    void helloJobTemplateGreetsThroughPodsLog() throws IOException {
        Job job = example("hello-job.yaml", Job.class);
        Pod pod = new PodBuilder().withNewMetadata().withName("hello-template").withNamespace(NS).endMetadata()
                .withSpec(job.getSpec().getTemplate().getSpec()).build();
        api.create(Resources.PODS, pod);

        await("hello-template", Duration.ofSeconds(60), p -> "Running".equals(phase(p)));
        String log = Awaitility.await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(250))
                .until(() -> api.getText("/api/v1/namespaces/" + NS + "/pods/hello-template/log"),
                        text -> text.contains("Hello, Kubernetes!"));
        assertEquals("Hello, Kubernetes!\n", log);
    }

    @Test
    void aContainersHostnameIsItsPodsName() {
        api.create(Resources.PODS, Pods.withCommand("whoami-host", "Never", "hostname"));
        Pod done = Pods.await(api, "whoami-host", Duration.ofSeconds(60), p -> "Succeeded".equals(Pods.phase(p)));
        assertEquals(0, done.getStatus().getContainerStatuses().get(0).getState().getTerminated().getExitCode());
        assertEquals("whoami-host\n", api.getText("/api/v1/namespaces/default/pods/whoami-host/log"));
    }

    private static <T> T example(String file, Class<T> type) throws IOException {
        Path path = EXAMPLES.resolve(file);
        Assumptions.assumeTrue(Files.isRegularFile(path), "SKIPPED: no shared example at " + path);
        return YAML.readValue(path.toFile(), type);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> manifest(String file) throws IOException {
        Path path = EXAMPLES.resolve(file);
        Assumptions.assumeTrue(Files.isRegularFile(path), "SKIPPED: no shared example at " + path);
        return YAML.readValue(path.toFile(), Map.class);
    }

    private Pod await(String name, Duration timeout, java.util.function.Predicate<Pod> condition) {
        return Awaitility.await(name).atMost(timeout).pollInterval(Duration.ofMillis(250))
                .until(() -> api.get(Resources.PODS, NS, name).orElse(null), p -> p != null && condition.test(p));
    }

    private static String phase(Pod pod) {
        return pod.getStatus() == null ? null : pod.getStatus().getPhase();
    }

    private static String condition(Pod pod, String type) {
        List<PodCondition> conditions = pod.getStatus() == null ? List.of()
                : Objects.requireNonNullElse(pod.getStatus().getConditions(), List.of());
        return conditions.stream().filter(c -> type.equals(c.getType())).map(PodCondition::getStatus)
                .findFirst().orElse(null);
    }

    private static String get(String url) throws IOException, InterruptedException {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(url))
                .timeout(Duration.ofSeconds(3)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), url);
        return response.body();
    }
}
