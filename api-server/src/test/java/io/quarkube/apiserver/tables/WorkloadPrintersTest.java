package io.quarkube.apiserver.tables;

import io.fabric8.kubernetes.api.model.apps.ControllerRevision;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.quarkube.api.json.Json;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Cells of the apps/v1 and batch/v1 printers. */
class WorkloadPrintersTest {
    private static final Instant NOW = Instant.parse("2024-05-01T12:00:00Z");
    private static final String META = """
            "metadata":{"name":"w1","namespace":"default","creationTimestamp":"2024-04-26T12:00:00Z"}""";
    private static final String TEMPLATE = """
            "template":{"metadata":{"labels":{"app":"web"}},"spec":{"containers":[
              {"name":"web","image":"nginx:1.27"},{"name":"log","image":"fluent-bit:3"}]}}""";

    static <T> T read(String json, Class<T> type) {
        return Json.read(json.getBytes(StandardCharsets.UTF_8), type);
    }

    @Test
    void deploymentShowsReadyOfDesiredAndTheSelector() {
        Deployment d = read("""
                {%s,"spec":{"replicas":3,"selector":{"matchLabels":{"app":"web","tier":"front"},
                  "matchExpressions":[{"key":"env","operator":"In","values":["prod","dev"]},
                                      {"key":"canary","operator":"DoesNotExist"}]},%s},
                 "status":{"readyReplicas":2,"updatedReplicas":3,"availableReplicas":2}}""".formatted(META, TEMPLATE),
                Deployment.class);
        assertEquals(List.of("w1", "2/3", 3L, 2L, "5d", "web,log", "nginx:1.27,fluent-bit:3",
                "app=web,!canary,env in (dev,prod),tier=front"), new AppsPrinters.DeploymentPrinter().cells(d, NOW));
    }

    @Test
    void newDeploymentWithoutStatusIsZeroReady() {
        Deployment d = read("{%s,\"spec\":{\"replicas\":2,%s}}".formatted(META, TEMPLATE), Deployment.class);
        assertEquals(List.of("0/2", 0L, 0L), new AppsPrinters.DeploymentPrinter().cells(d, NOW).subList(1, 4));
    }

    @Test
    void replicaSetShowsDesiredCurrentReady() {
        ReplicaSet rs = read("""
                {%s,"spec":{"replicas":3,"selector":{"matchLabels":{"app":"web"}},%s},
                 "status":{"replicas":3,"readyReplicas":1}}""".formatted(META, TEMPLATE), ReplicaSet.class);
        assertEquals(List.of("w1", 3L, 3L, 1L, "5d", "web,log", "nginx:1.27,fluent-bit:3", "app=web"),
                new AppsPrinters.ReplicaSetPrinter().cells(rs, NOW));
    }

    @Test
    void statefulSetShowsReadyOfDesired() {
        StatefulSet sts = read("""
                {%s,"spec":{"replicas":3,%s},"status":{"readyReplicas":3}}""".formatted(META, TEMPLATE),
                StatefulSet.class);
        assertEquals(List.of("w1", "3/3", "5d", "web,log", "nginx:1.27,fluent-bit:3"),
                new AppsPrinters.StatefulSetPrinter().cells(sts, NOW));
    }

    @Test
    void daemonSetShowsCountsAndNodeSelector() {
        DaemonSet ds = read("""
                {%s,"spec":{"selector":{"matchLabels":{"app":"agent"}},"template":{"spec":{
                  "nodeSelector":{"kubernetes.io/os":"linux","disk":"ssd"},"containers":[{"name":"a","image":"agent:1"}]}}},
                 "status":{"desiredNumberScheduled":3,"currentNumberScheduled":3,"numberReady":2,
                  "updatedNumberScheduled":3,"numberAvailable":2}}""".formatted(META), DaemonSet.class);
        assertEquals(List.of("w1", 3L, 3L, 2L, 3L, 2L, "disk=ssd,kubernetes.io/os=linux", "5d", "a", "agent:1",
                "app=agent"), new AppsPrinters.DaemonSetPrinter().cells(ds, NOW));
        DaemonSet bare = read("{%s,\"spec\":{%s}}".formatted(META, TEMPLATE), DaemonSet.class);
        assertEquals(List.of("<none>", "5d"), new AppsPrinters.DaemonSetPrinter().cells(bare, NOW).subList(6, 8));
        assertEquals("<none>", new AppsPrinters.DaemonSetPrinter().cells(bare, NOW).get(10));
    }

    private static Job job(String spec, String status) {
        return read("{%s,\"spec\":{%s,%s},\"status\":%s}".formatted(META, spec, TEMPLATE, status), Job.class);
    }

    @Test
    void completeJobShowsCompletionsAndDuration() {
        Job j = job("\"completions\":1,\"parallelism\":1,\"selector\":{\"matchLabels\":{\"job-name\":\"w1\"}}", """
                {"succeeded":1,"startTime":"2024-05-01T11:00:00Z","completionTime":"2024-05-01T11:00:42Z",
                 "conditions":[{"type":"SuccessCriteriaMet","status":"True"},{"type":"Complete","status":"True"}]}""");
        assertEquals(List.of("w1", "Complete", "1/1", "42s", "5d", "web,log", "nginx:1.27,fluent-bit:3",
                "job-name=w1"), new BatchPrinters.JobPrinter().cells(j, NOW));
    }

    @Test
    void runningJobDurationCountsUntilNow() {
        Job j = job("\"completions\":3,\"parallelism\":1", """
                {"succeeded":1,"active":1,"startTime":"2024-05-01T11:57:30Z"}""");
        assertEquals(List.of("Running", "1/3", "2m30s"), new BatchPrinters.JobPrinter().cells(j, NOW).subList(1, 4));
    }

    @Test
    void jobWithoutCompletionsShowsParallelism() {
        assertEquals("0/1 of 4", new BatchPrinters.JobPrinter().cells(job("\"parallelism\":4", "{}"), NOW).get(2));
        List<Object> notStarted = new BatchPrinters.JobPrinter().cells(job("\"parallelism\":1", "{}"), NOW);
        assertEquals(List.of("Running", "0/1", ""), notStarted.subList(1, 4));
    }

    @Test
    void jobStatusFollowsUpstreamPrecedence() {
        BatchPrinters.JobPrinter printer = new BatchPrinters.JobPrinter();
        assertEquals("Failed", printer.cells(job("\"completions\":1", """
                {"conditions":[{"type":"FailureTarget","status":"True"},{"type":"Failed","status":"True"}]}"""), NOW)
                .get(1));
        assertEquals("Suspended", printer.cells(job("\"completions\":1,\"suspend\":true", """
                {"conditions":[{"type":"Suspended","status":"True"}]}"""), NOW).get(1));
        assertEquals("FailureTarget", printer.cells(job("\"completions\":1", """
                {"conditions":[{"type":"FailureTarget","status":"True"}]}"""), NOW).get(1));
        assertEquals("Running", printer.cells(job("\"completions\":1", """
                {"conditions":[{"type":"Suspended","status":"False"}]}"""), NOW).get(1));
        Job deleting = job("\"completions\":1", "{}");
        deleting.getMetadata().setDeletionTimestamp("2024-05-01T11:59:00Z");
        assertEquals("Terminating", printer.cells(deleting, NOW).get(1));
    }

    @Test
    void cronJobShowsScheduleTimezoneSuspendActiveAndLastSchedule() {
        CronJob cj = read("""
                {%s,"spec":{"schedule":"*/5 * * * *","timeZone":"Europe/Paris","suspend":false,
                  "jobTemplate":{"spec":{%s}}},
                 "status":{"active":[{"kind":"Job","name":"w1-1"}],"lastScheduleTime":"2024-05-01T11:55:00Z"}}"""
                .formatted(META, TEMPLATE), CronJob.class);
        assertEquals(List.of("w1", "*/5 * * * *", "Europe/Paris", "False", 1L, "5m", "5d", "web,log",
                "nginx:1.27,fluent-bit:3", "<none>"), new BatchPrinters.CronJobPrinter().cells(cj, NOW));
        CronJob fresh = read("""
                {%s,"spec":{"schedule":"@hourly","suspend":true,"jobTemplate":{"spec":{%s}}}}"""
                .formatted(META, TEMPLATE), CronJob.class);
        assertEquals(List.of("<none>", "True", 0L, "<none>"),
                new BatchPrinters.CronJobPrinter().cells(fresh, NOW).subList(2, 6));
    }

    @Test
    void controllerRevisionShowsItsControllerAsKindDotGroupSlashName() {
        ControllerRevision owned = read("""
                {"metadata":{"name":"web-6d4b8f","creationTimestamp":"2024-04-26T12:00:00Z","ownerReferences":[
                  {"apiVersion":"v1","kind":"Pod","name":"other","uid":"u0"},
                  {"apiVersion":"apps/v1","kind":"StatefulSet","name":"web","uid":"u1","controller":true}]},
                 "data":{"spec":{}},"revision":3}""", ControllerRevision.class);
        assertEquals(List.of("web-6d4b8f", "statefulset.apps/web", 3L, "5d"),
                new AppsPrinters.ControllerRevisionPrinter().cells(owned, NOW));
        ControllerRevision orphan = read("""
                {"metadata":{"name":"r","creationTimestamp":"2024-04-26T12:00:00Z"},"data":{}}""",
                ControllerRevision.class);
        assertEquals(List.of("r", "<none>", 0L, "5d"), new AppsPrinters.ControllerRevisionPrinter().cells(orphan, NOW));
        assertEquals(List.of("Name", "Controller", "Revision", "Age"),
                names(new AppsPrinters.ControllerRevisionPrinter()));
    }

    @Test
    void columnNamesAreUpstreams() {
        assertEquals(List.of("Name", "Ready", "Up-to-date", "Available", "Age", "Containers", "Images", "Selector"),
                names(new AppsPrinters.DeploymentPrinter()));
        assertEquals(List.of("Name", "Desired", "Current", "Ready", "Up-to-date", "Available", "Node Selector", "Age",
                "Containers", "Images", "Selector"), names(new AppsPrinters.DaemonSetPrinter()));
        assertEquals(List.of("Name", "Status", "Completions", "Duration", "Age", "Containers", "Images", "Selector"),
                names(new BatchPrinters.JobPrinter()));
        assertEquals(List.of("Name", "Schedule", "Timezone", "Suspend", "Active", "Last Schedule", "Age",
                "Containers", "Images", "Selector"), names(new BatchPrinters.CronJobPrinter()));
        assertEquals(List.of("Name", "Ready", "Age", "Containers", "Images"), names(new AppsPrinters.StatefulSetPrinter()));
    }

    static List<String> names(KindPrinter<?> printer) {
        return printer.columns().stream().map(Column::name).toList();
    }
}
