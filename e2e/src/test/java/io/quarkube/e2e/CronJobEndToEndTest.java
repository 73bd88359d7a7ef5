package io.quarkube.e2e;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fabric8.kubernetes.api.model.DeleteOptionsBuilder;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.ObjectReference;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.quarkube.api.Resources;
import io.quarkube.api.client.ApiClient;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The notes' hello-every-minute CronJob on the real cluster (real time, "* * * * *"): a Job named by its scheduled
 * minute within about 70 s, owned by the CronJob, listed in status.active with lastScheduleTime; the next minute
 * brings the next Job. A Forbid CronJob whose Job never ends starts no second one. A CronJob that keeps one
 * successful Job deletes the first once the second has succeeded (the other history rules are unit-tested with a
 * clock).
 */
class CronJobEndToEndTest {
    private static final String NS = "cronjob-e2e";
    private static final Path EXAMPLES = Path.of("..").toAbsolutePath().normalize().getParent()
            .resolve("shared/examples");
    private static final Duration FIRST_JOB = Duration.ofSeconds(75);

    private final ApiClient api = Cluster.admin();

    @BeforeAll
    static void namespace() {
        Cluster.ensureNamespace(NS);
    }

    @AfterAll
    static void stopSchedules() {
        ApiClient api = Cluster.admin();
        for (CronJob cj : api.list(Resources.CRONJOBS, NS, null)) {
            api.delete(Resources.CRONJOBS, NS, cj.getMetadata().getName(),
                    new DeleteOptionsBuilder().withPropagationPolicy("Background").build());
        }
    }

    @Test
    void helloEveryMinuteStartsAJobEachMinuteAndForbidWaitsForTheRunningOne() throws Exception {
        Path example = EXAMPLES.resolve("hello-cronjob.yaml");
        Assumptions.assumeTrue(Files.isRegularFile(example), "SKIPPED: no shared example at " + example);
        Map<?, ?> manifest = new ObjectMapper(new YAMLFactory()).readValue(example.toFile(), Map.class);
        CronJob hello = api.post("/apis/batch/v1/namespaces/" + NS + "/cronjobs", manifest, CronJob.class);
        CronJob sleeper = api.create(Resources.CRONJOBS, sleeper());
        CronJob keepOne = api.create(Resources.CRONJOBS, keepOne());
        Instant created = Instant.now();

        // poll the CronJob fast enough to see its active list before the short hello Job completes
        Set<String> seenActive = ConcurrentHashMap.newKeySet();
        Job first = Awaitility.await("a hello-every-minute Job").atMost(FIRST_JOB).pollInterval(Duration.ofMillis(200))
                .until(() -> {
                    api.get(Resources.CRONJOBS, NS, "hello-every-minute").ifPresent(cj -> activeNames(cj)
                            .forEach(seenActive::add));
                    return jobsOf(hello).stream().findFirst();
                }, Optional::isPresent).orElseThrow();
        Duration took = Duration.between(created, Instant.now());
        System.out.println("[cronjob-e2e] first Job " + first.getMetadata().getName() + " after " + took);

        // the name is the scheduled time in minutes since the epoch, recorded in the annotation and the status
        String name = first.getMetadata().getName();
        long minutes = Long.parseLong(name.substring("hello-every-minute-".length()));
        Instant scheduled = Instant.ofEpochSecond(minutes * 60);
        assertTrue(!scheduled.isBefore(created.minusSeconds(60)) && !scheduled.isAfter(Instant.now()),
                "scheduled " + scheduled + " for a CronJob created at " + created);
        assertEquals(scheduled.toString(), first.getMetadata().getAnnotations()
                .get("batch.kubernetes.io/cronjob-scheduled-timestamp"));
        OwnerReference owner = first.getMetadata().getOwnerReferences().get(0);
        assertEquals(List.of("batch/v1", "CronJob", "hello-every-minute", hello.getMetadata().getUid(), true),
                List.of(owner.getApiVersion(), owner.getKind(), owner.getName(), owner.getUid(), owner.getController()));
        assertEquals("hello", first.getSpec().getTemplate().getSpec().getContainers().get(0).getName());

        CronJob status = Awaitility.await("lastScheduleTime " + scheduled).atMost(Duration.ofSeconds(10))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> {
                    CronJob cj = api.get(Resources.CRONJOBS, NS, "hello-every-minute").orElseThrow();
                    seenActive.addAll(activeNames(cj));
                    return cj;
                }, cj -> cj.getStatus() != null && scheduled.toString().equals(cj.getStatus().getLastScheduleTime()));
        assertTrue(seenActive.contains(name) || name.equals(lastSuccessfulJob(status)),
                "status.active listed " + name + " (seen: " + seenActive + ")");
        Awaitility.await("the SuccessfulCreate event").atMost(Duration.ofSeconds(15))
                .pollInterval(Duration.ofMillis(500))
                .until(() -> events("hello-every-minute").contains("SuccessfulCreate: Created job " + name));

        // the Forbid CronJob's Job never ends: it stays in status.active
        Job sleeping = Awaitility.await("the sleeper's Job").atMost(Duration.ofSeconds(15))
                .pollInterval(Duration.ofMillis(500)).until(() -> jobsOf(sleeper).stream().findFirst(),
                        Optional::isPresent).orElseThrow();
        Awaitility.await("the sleeper lists its Job as active").atMost(Duration.ofSeconds(10))
                .until(() -> activeNames(api.get(Resources.CRONJOBS, NS, "sleeper").orElseThrow())
                        .contains(sleeping.getMetadata().getName()));

        // the next minute: hello gets its next Job, the sleeper (Forbid) none
        String next = "hello-every-minute-" + (minutes + 1);
        Awaitility.await(next).atMost(Duration.ofSeconds(75)).pollInterval(Duration.ofMillis(500))
                .until(() -> api.get(Resources.JOBS, NS, next).isPresent());
        Awaitility.await("JobAlreadyActive for the sleeper").atMost(Duration.ofSeconds(10))
                .until(() -> events("sleeper").stream().anyMatch(e -> e.startsWith("JobAlreadyActive")));
        assertEquals(List.of(sleeping.getMetadata().getName()),
                jobsOf(sleeper).stream().map(j -> j.getMetadata().getName()).toList());
        assertFalse(activeNames(api.get(Resources.CRONJOBS, NS, "sleeper").orElseThrow()).isEmpty());

        // successfulJobsHistoryLimit 1: once this minute's Job has succeeded, the previous one is deleted
        String kept = "keep-one-" + (minutes + 1);
        Awaitility.await("only " + kept + " left").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500))
                .until(() -> jobsOf(keepOne).stream().map(j -> j.getMetadata().getName()).toList(),
                        names -> names.equals(List.of(kept)));
        assertTrue(events("keep-one").contains("SuccessfulDelete: Deleted job keep-one-" + minutes),
                events("keep-one").toString());
    }

    /** "* * * * *", a Job that succeeds at once, one successful Job kept. */
    private static CronJob keepOne() {
        return new io.fabric8.kubernetes.api.model.batch.v1.CronJobBuilder()
                .withNewMetadata().withName("keep-one").withNamespace(NS).endMetadata()
                .withNewSpec().withSchedule("* * * * *").withSuccessfulJobsHistoryLimit(1)
                .withNewJobTemplate().withNewSpec().withNewTemplate()
                .withNewSpec().withRestartPolicy("Never").addNewContainer().withName("ok").withImage("busybox:1.28")
                .withCommand("sh", "-c", "true").endContainer().endSpec()
                .endTemplate().endSpec().endJobTemplate().endSpec()
                .build();
    }

    /** "* * * * *", Forbid, a Job that runs for ten minutes. */
    private static CronJob sleeper() {
        return new io.fabric8.kubernetes.api.model.batch.v1.CronJobBuilder()
                .withNewMetadata().withName("sleeper").withNamespace(NS).endMetadata()
                .withNewSpec().withSchedule("* * * * *").withConcurrencyPolicy("Forbid")
                .withNewJobTemplate().withNewSpec().withNewTemplate()
                .withNewMetadata().withAnnotations(Map.of("quarkube.io/simulated-run-seconds", "600")).endMetadata()
                .withNewSpec().withRestartPolicy("Never").addNewContainer().withName("sleep").withImage("busybox:1.28")
                .withCommand("sh", "-c", "sleep 600").endContainer().endSpec()
                .endTemplate().endSpec().endJobTemplate().endSpec()
                .build();
    }

    private List<Job> jobsOf(CronJob cronJob) {
        List<Job> owned = new ArrayList<>();
        for (Job job : api.list(Resources.JOBS, NS, null)) {
            var refs = job.getMetadata().getOwnerReferences();
            if (refs != null && refs.stream().anyMatch(r -> cronJob.getMetadata().getUid().equals(r.getUid()))) {
                owned.add(job);
            }
        }
        return owned;
    }

    private static List<String> activeNames(CronJob cronJob) {
        if (cronJob.getStatus() == null || cronJob.getStatus().getActive() == null) {
            return List.of();
        }
        return cronJob.getStatus().getActive().stream().map(ObjectReference::getName).toList();
    }

    /** The name of the Job whose completion set lastSuccessfulTime, if the one just started finished already. */
    private String lastSuccessfulJob(CronJob cronJob) {
        if (cronJob.getStatus().getLastSuccessfulTime() == null) {
            return null;
        }
        return "hello-every-minute-" + Instant.parse(cronJob.getStatus().getLastScheduleTime()).getEpochSecond() / 60;
    }

    /** "Reason: message" of the events about a CronJob. */
    private List<String> events(String cronJob) {
        return api.list(Resources.EVENTS, NS, null).stream()
                .filter(e -> e.getInvolvedObject() != null && "CronJob".equals(e.getInvolvedObject().getKind())
                        && cronJob.equals(e.getInvolvedObject().getName()))
                .map((Event e) -> e.getReason() + ": " + e.getMessage()).toList();
    }
}
