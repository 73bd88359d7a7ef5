package io.quarkube.e2e;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobCondition;
import io.quarkube.api.Resources;
import io.quarkube.api.client.ApiClient;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Job controller on the real cluster (process runtime: pods run real commands): the notes' hello Job with a
 * short run completes and greets through {@code kubectl logs job/hello}; an Indexed Job of 5 with parallelism 2
 * completes "0-4" with never more than 2 pods running; a failing Job stops at its backoffLimit; a Job over its
 * activeDeadlineSeconds fails; a finished Job with ttlSecondsAfterFinished is deleted with its pods.
 */
class JobEndToEndTest {
    private static final String NS = "job-e2e";
    private static final Path EXAMPLES = Path.of("..").toAbsolutePath().normalize().getParent()
            .resolve("shared/examples");

    private final ApiClient api = Cluster.admin();

    @BeforeAll
    static void namespace() {
        Cluster.ensureNamespace(NS);
    }

    @Test
    @SuppressWarnings("unchecked")
    void theHelloJobCompletesAndItsLogGreets() throws IOException {
        Path example = EXAMPLES.resolve("hello-job.yaml");
        Assumptions.assumeTrue(Files.isRegularFile(example), "SKIPPED: no shared example at " + example);
        Map<String, Object> manifest = new ObjectMapper(new YAMLFactory()).readValue(example.toFile(), Map.class);
        Map<String, Object> spec = (Map<String, Object>) manifest.get("spec");
        Map<String, Object> podSpec = (Map<String, Object>) ((Map<String, Object>) spec.get("template")).get("spec");
        Map<String, Object> container = ((List<Map<String, Object>>) podSpec.get("containers")).get(0);
        container.put("command", List.of("sh", "-c", "echo \"Hello, Kubernetes!\" && sleep 1")); // not 3600
        api.post("/apis/batch/v1/namespaces/" + NS + "/jobs", manifest, Job.class);

        Job done = awaitJob("hello", Duration.ofSeconds(90), j -> isTrue(j, "Complete"));
        assertEquals(1, done.getStatus().getSucceeded());
        assertNotNull(done.getStatus().getCompletionTime());
        assertNotNull(done.getStatus().getStartTime());
        assertEquals(List.of("SuccessCriteriaMet", "Complete"),
                done.getStatus().getConditions().stream().map(JobCondition::getType).toList());
        assertEquals(0, Objects.requireNonNullElse(done.getStatus().getActive(), 0));
        assertTrue(eventReasons("hello").containsAll(List.of("SuccessfulCreate", "Completed")), eventReasons("hello").toString());
        List<Pod> pods = podsOf("hello");
        assertEquals(1, pods.size());
        assertTrue(pods.get(0).getMetadata().getFinalizers() == null || pods.get(0).getMetadata().getFinalizers().isEmpty(),
                "the tracking finalizer is gone once the pod is counted");

        Assumptions.assumeTrue(Kubectl.available(), "SKIPPED: no kubectl on the PATH");
        Kubectl.Result logs = new Kubectl(Cluster.get()).run("logs", "job/hello", "-n", NS);
        assertTrue(logs.ok(), logs.toString());
        assertEquals("Hello, Kubernetes!\n", logs.out());
    }

    @Test
    void anIndexedJobCompletesEveryIndexWithAtMostParallelismPodsRunning() throws InterruptedException {
        api.create(Resources.JOBS, job("indexed", 5, 2, "Never", "echo index=$JOB_COMPLETION_INDEX host=$(hostname); sleep 1")
                .editSpec().withCompletionMode("Indexed").endSpec().build());
        int maxRunning = 0;
        int maxActive = 0;
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        Job job = null;
        while (System.nanoTime() < deadline) {
            maxRunning = Math.max(maxRunning, (int) podsOf("indexed").stream()
                    .filter(p -> p.getMetadata().getDeletionTimestamp() == null && !terminal(p)).count());
            job = api.get(Resources.JOBS, NS, "indexed").orElseThrow();
            maxActive = Math.max(maxActive, Objects.requireNonNullElse(job.getStatus().getActive(), 0));
            if (isTrue(job, "Complete")) {
                break;
            }
            Thread.sleep(100);
        }
        assertNotNull(job);
        assertTrue(isTrue(job, "Complete"), "Indexed Job completes: " + job.getStatus());
        assertEquals("0-4", job.getStatus().getCompletedIndexes());
        assertEquals(5, job.getStatus().getSucceeded());
        assertTrue(maxRunning <= 2, "never more than parallelism pods at once, saw " + maxRunning);
        assertTrue(maxActive <= 2, "status.active never above parallelism, saw " + maxActive);
        Pod third = podsOf("indexed").stream()
                .filter(p -> "3".equals(p.getMetadata().getAnnotations().get("batch.kubernetes.io/job-completion-index")))
                .findFirst().orElseThrow();
        assertEquals("3", third.getMetadata().getLabels().get("batch.kubernetes.io/job-completion-index"));
        String log = api.getText("/api/v1/namespaces/" + NS + "/pods/" + third.getMetadata().getName() + "/log");
        assertEquals("index=3 host=indexed-3\n", log);
    }

    @Test
    void aFailingJobStopsAtItsBackoffLimit() {
        api.create(Resources.JOBS, job("failing", 1, 1, "Never", "exit 3").editSpec().withBackoffLimit(1).endSpec()
                .build());
        // two failures, the second one after the 10 s re-creation delay
        Job failed = awaitJob("failing", Duration.ofSeconds(90), j -> isTrue(j, "Failed"));
        JobCondition condition = condition(failed, "Failed");
        assertEquals("BackoffLimitExceeded", condition.getReason());
        assertEquals("Job has reached the specified backoff limit", condition.getMessage());
        assertEquals(2, failed.getStatus().getFailed());
        assertTrue(isTrue(failed, "FailureTarget"));
        assertEquals(2, podsOf("failing").size(), "no pod after the limit");
        assertTrue(eventReasons("failing").contains("BackoffLimitExceeded"));
    }

    @Test
    void aJobPastItsActiveDeadlineFailsAndItsPodIsStopped() {
        api.create(Resources.JOBS, job("deadline", 1, 1, "Never", "sleep 300").editSpec()
                .withActiveDeadlineSeconds(4L).editTemplate().editSpec().withTerminationGracePeriodSeconds(2L)
                .endSpec().endTemplate().endSpec().build());
        Job failed = awaitJob("deadline", Duration.ofSeconds(60), j -> isTrue(j, "Failed"));
        assertEquals("DeadlineExceeded", condition(failed, "Failed").getReason());
        assertEquals("Job was active longer than specified deadline", condition(failed, "Failed").getMessage());
        assertEquals(0, Objects.requireNonNullElse(failed.getStatus().getActive(), 0));
        assertEquals(1, failed.getStatus().getFailed());
        assertTrue(eventReasons("deadline").containsAll(List.of("SuccessfulDelete", "DeadlineExceeded")),
                eventReasons("deadline").toString());
        Awaitility.await("the running pod is stopped").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250))
                .until(() -> podsOf("deadline").stream().allMatch(JobEndToEndTest::terminal));
    }

    @Test
    void aFinishedJobIsDeletedWithItsPodsAfterItsTtl() {
        api.create(Resources.JOBS, job("short-lived", 1, 1, "Never", "true").editSpec().withTtlSecondsAfterFinished(2)
                .endSpec().build());
        awaitJob("short-lived", Duration.ofSeconds(60), j -> isTrue(j, "Complete"));
        Awaitility.await("the Job and its pod are gone").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250))
                .until(() -> api.get(Resources.JOBS, NS, "short-lived").isEmpty() && podsOf("short-lived").isEmpty());
    }

    private static JobBuilder job(String name, int completions, int parallelism, String restartPolicy, String script) {
        return new JobBuilder().withNewMetadata().withName(name).withNamespace(NS).endMetadata()
                .withNewSpec().withCompletions(completions).withParallelism(parallelism)
                .withNewTemplate().withNewSpec().withRestartPolicy(restartPolicy)
                .addNewContainer().withName("main").withImage("busybox:1.36").withCommand("sh", "-c", script)
                .endContainer().endSpec().endTemplate().endSpec();
    }

    private Job awaitJob(String name, Duration timeout, java.util.function.Predicate<Job> condition) {
        return Awaitility.await(name).atMost(timeout).pollInterval(Duration.ofMillis(250))
                .until(() -> api.get(Resources.JOBS, NS, name).orElse(null), j -> j != null && condition.test(j));
    }

    private List<Pod> podsOf(String job) {
        return api.list(Resources.PODS, NS, "batch.kubernetes.io/job-name=" + job);
    }

    private List<String> eventReasons(String job) {
        return api.list(Resources.EVENTS, NS, null).stream()
                .filter(e -> job.equals(e.getInvolvedObject().getName()) && "Job".equals(e.getInvolvedObject().getKind()))
                .map(Event::getReason).toList();
    }

    private static boolean terminal(Pod pod) {
        String phase = pod.getStatus() == null ? null : pod.getStatus().getPhase();
        return "Succeeded".equals(phase) || "Failed".equals(phase);
    }

    private static JobCondition condition(Job job, String type) {
        return job.getStatus().getConditions().stream().filter(c -> type.equals(c.getType())).findFirst().orElseThrow();
    }

    private static boolean isTrue(Job job, String type) {
        return job.getStatus() != null && job.getStatus().getConditions() != null && job.getStatus().getConditions()
                .stream().anyMatch(c -> type.equals(c.getType()) && "True".equals(c.getStatus()));
    }
}
