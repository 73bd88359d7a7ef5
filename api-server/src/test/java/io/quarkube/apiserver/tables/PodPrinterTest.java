package io.quarkube.apiserver.tables;

import io.fabric8.kubernetes.api.model.Pod;
import io.quarkube.api.json.Json;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** printPod's READY, STATUS and RESTARTS rules, case by case (kubernetes printers_test.go TestPrintPod*). */
class PodPrinterTest {
    private static final Instant NOW = Instant.parse("2024-05-01T12:00:00Z");
    private final PodPrinter printer = new PodPrinter();

    /** A pod created 5 minutes before NOW, with containers "c1".."cN", extra spec JSON and a status JSON. */
    static Pod pod(int containers, String specExtra, String status) {
        StringBuilder list = new StringBuilder();
        for (int i = 1; i <= containers; i++) {
            list.append(i > 1 ? "," : "").append("{\"name\":\"c").append(i).append("\",\"image\":\"busybox\"}");
        }
        String json = """
                {"metadata":{"name":"p1","namespace":"default","creationTimestamp":"2024-05-01T11:55:00Z"},
                 "spec":{"containers":[%s]%s}%s}""".formatted(list, specExtra.isEmpty() ? "" : "," + specExtra,
                status == null ? "" : ",\"status\":" + status);
        return Json.read(json.getBytes(StandardCharsets.UTF_8), Pod.class);
    }

    private List<Object> cells(Pod pod) {
        return printer.cells(pod, NOW);
    }

    private static String running(String name, boolean ready, int restarts) {
        return """
                {"name":"%s","ready":%s,"restartCount":%d,"state":{"running":{"startedAt":"2024-05-01T11:56:00Z"}}}"""
                .formatted(name, ready, restarts);
    }

    @Test
    void podWithoutStatusIsPending() {
        List<Object> cells = cells(pod(1, "", null));
        assertEquals(List.of("p1", "0/1", "Pending", "0", "5m"), cells.subList(0, 5));
        assertEquals(List.of("<none>", "<none>", "<none>", "<none>"), cells.subList(5, 9));
    }

    @Test
    void waitingContainerShowsItsReason() {
        Pod pod = pod(1, "\"nodeName\":\"n1\"", """
                {"phase":"Pending","containerStatuses":[{"name":"c1","ready":false,"restartCount":0,
                  "state":{"waiting":{"reason":"ContainerCreating"}}}]}""");
        assertEquals(List.of("p1", "0/1", "ContainerCreating", "0", "5m", "<none>", "n1"), cells(pod).subList(0, 7));
    }

    @Test
    void runningReadyPodShowsIpAndNode() {
        Pod pod = pod(1, "\"nodeName\":\"n1\"", """
                {"phase":"Running","podIP":"10.0.0.7","podIPs":[{"ip":"10.0.0.7"}],
                 "conditions":[{"type":"Ready","status":"True"}],"containerStatuses":[%s]}"""
                .formatted(running("c1", true, 0)));
        assertEquals(List.of("p1", "1/1", "Running", "0", "5m", "10.0.0.7", "n1", "<none>", "<none>"), cells(pod));
        assertNull(printer.conditions(pod));
    }

    @Test
    void crashLoopShowsRestartsWithTheAgeOfTheLastOne() {
        Pod pod = pod(2, "", """
                {"phase":"Running","containerStatuses":[%s,
                 {"name":"c2","ready":false,"restartCount":3,"state":{"waiting":{"reason":"CrashLoopBackOff"}},
                  "lastState":{"terminated":{"exitCode":1,"reason":"Error","finishedAt":"2024-05-01T11:58:00Z"}}}]}"""
                .formatted(running("c1", true, 0)));
        assertEquals(List.of("p1", "1/2", "CrashLoopBackOff", "3 (2m ago)"), cells(pod).subList(0, 4));
    }

    @Test
    void restartsWithoutATerminationTimeShowOnlyTheCount() {
        Pod pod = pod(1, "", """
                {"phase":"Running","containerStatuses":[%s]}""".formatted(running("c1", true, 4)));
        assertEquals("4", cells(pod).get(3));
    }

    @Test
    void terminatedContainersShowCompletedOrError() {
        Pod completed = pod(1, "", """
                {"phase":"Succeeded","containerStatuses":[{"name":"c1","ready":false,"restartCount":0,
                  "state":{"terminated":{"exitCode":0,"reason":"Completed"}}}]}""");
        assertEquals(List.of("0/1", "Completed"), cells(completed).subList(1, 3));
        assertEquals("Succeeded", printer.conditions(completed).get(0).get("reason").asText());
        assertEquals("Completed", printer.conditions(completed).get(0).get("type").asText());

        Pod failed = pod(1, "", """
                {"phase":"Failed","containerStatuses":[{"name":"c1","ready":false,"restartCount":0,
                  "state":{"terminated":{"exitCode":2,"reason":"Error"}}}]}""");
        assertEquals("Error", cells(failed).get(2));
        assertEquals("The pod failed.", printer.conditions(failed).get(0).get("message").asText());
    }

    @Test
    void terminatedWithoutReasonShowsExitCodeOrSignal() {
        Pod exit = pod(1, "", """
                {"phase":"Failed","containerStatuses":[{"name":"c1","restartCount":0,
                  "state":{"terminated":{"exitCode":137}}}]}""");
        assertEquals("ExitCode:137", cells(exit).get(2));
        Pod signal = pod(1, "", """
                {"phase":"Failed","containerStatuses":[{"name":"c1","restartCount":0,
                  "state":{"terminated":{"exitCode":0,"signal":9}}}]}""");
        assertEquals("Signal:9", cells(signal).get(2));
    }

    @Test
    void completedContainerBesideARunningOneIsRunningOrNotReady() {
        String statuses = """
                [{"name":"c1","ready":false,"restartCount":0,"state":{"terminated":{"exitCode":0,"reason":"Completed"}}},
                 %s]""".formatted(running("c2", true, 0));
        Pod ready = pod(2, "", """
                {"phase":"Running","conditions":[{"type":"Ready","status":"True"}],"containerStatuses":%s}"""
                .formatted(statuses));
        assertEquals(List.of("1/2", "Running"), cells(ready).subList(1, 3));
        Pod notReady = pod(2, "", """
                {"phase":"Running","conditions":[{"type":"Ready","status":"False"}],"containerStatuses":%s}"""
                .formatted(statuses));
        assertEquals("NotReady", cells(notReady).get(2));
    }

    private static final String TWO_INITS = """
            "initContainers":[{"name":"i1","image":"busybox"},{"name":"i2","image":"busybox"}]""";

    @Test
    void firstInitContainerRunningIsInit0of2() {
        Pod pod = pod(1, TWO_INITS, """
                {"phase":"Pending","initContainerStatuses":[
                  {"name":"i1","ready":false,"restartCount":0,"state":{"running":{}}},
                  {"name":"i2","ready":false,"restartCount":0,"state":{"waiting":{"reason":"PodInitializing"}}}],
                 "containerStatuses":[{"name":"c1","ready":false,"restartCount":0,
                  "state":{"waiting":{"reason":"PodInitializing"}}}]}""");
        assertEquals(List.of("0/1", "Init:0/2", "0"), cells(pod).subList(1, 4));
    }

    @Test
    void secondInitContainerRunningIsInit1of2() {
        Pod pod = pod(1, TWO_INITS, """
                {"phase":"Pending","initContainerStatuses":[
                  {"name":"i1","restartCount":0,"state":{"terminated":{"exitCode":0,"reason":"Completed"}}},
                  {"name":"i2","restartCount":0,"state":{"running":{}}}]}""");
        assertEquals("Init:1/2", cells(pod).get(2));
    }

    @Test
    void failedInitContainerIsInitErrorAndCountsItsRestarts() {
        Pod pod = pod(1, TWO_INITS, """
                {"phase":"Pending","initContainerStatuses":[
                  {"name":"i1","restartCount":2,"state":{"terminated":{"exitCode":1,"reason":"Error"}},
                   "lastState":{"terminated":{"exitCode":1,"finishedAt":"2024-05-01T11:59:30Z"}}},
                  {"name":"i2","restartCount":0,"state":{"waiting":{"reason":"PodInitializing"}}}]}""");
        assertEquals(List.of("Init:Error", "2 (30s ago)"), cells(pod).subList(2, 4));
    }

    @Test
    void initContainerInBackOffIsInitCrashLoopBackOff() {
        Pod pod = pod(1, TWO_INITS, """
                {"phase":"Pending","initContainerStatuses":[
                  {"name":"i1","restartCount":5,"state":{"waiting":{"reason":"CrashLoopBackOff"}}}]}""");
        assertEquals("Init:CrashLoopBackOff", cells(pod).get(2));
        Pod exitCode = pod(1, TWO_INITS, """
                {"phase":"Pending","initContainerStatuses":[
                  {"name":"i1","restartCount":0,"state":{"terminated":{"exitCode":3}}}]}""");
        assertEquals("Init:ExitCode:3", cells(exitCode).get(2));
    }

    @Test
    void startedSidecarCountsAsAContainer() {
        Pod pod = pod(1, """
                "initContainers":[{"name":"side","image":"envoy","restartPolicy":"Always"}]""", """
                {"phase":"Running","conditions":[{"type":"Initialized","status":"True"}],
                 "initContainerStatuses":[{"name":"side","ready":true,"started":true,"restartCount":1,
                   "state":{"running":{}},"lastState":{"terminated":{"exitCode":1,"finishedAt":"2024-05-01T11:00:00Z"}}}],
                 "containerStatuses":[%s]}""".formatted(running("c1", true, 0)));
        assertEquals(List.of("2/2", "Running", "1 (60m ago)"), cells(pod).subList(1, 4));
    }

    @Test
    void deletionTimestampMakesARunningPodTerminating() {
        Pod pod = pod(1, "", """
                {"phase":"Running","containerStatuses":[%s]}""".formatted(running("c1", true, 0)));
        pod.getMetadata().setDeletionTimestamp("2024-05-01T11:59:00Z");
        assertEquals("Terminating", cells(pod).get(2));

        Pod done = pod(1, "", """
                {"phase":"Succeeded","containerStatuses":[{"name":"c1","restartCount":0,
                  "state":{"terminated":{"exitCode":0,"reason":"Completed"}}}]}""");
        done.getMetadata().setDeletionTimestamp("2024-05-01T11:59:00Z");
        assertEquals("Completed", cells(done).get(2), "a finished pod being deleted keeps its final status");

        Pod lost = pod(1, "", """
                {"phase":"Running","reason":"NodeLost"}""");
        lost.getMetadata().setDeletionTimestamp("2024-05-01T11:59:00Z");
        assertEquals("Unknown", cells(lost).get(2));
    }

    @Test
    void podReasonAndSchedulingGateOverrideThePhase() {
        assertEquals("Evicted", cells(pod(1, "", """
                {"phase":"Failed","reason":"Evicted"}""")).get(2));
        assertEquals("SchedulingGated", cells(pod(1, "", """
                {"phase":"Pending","conditions":[{"type":"PodScheduled","status":"False","reason":"SchedulingGated"}]}"""))
                .get(2));
    }

    @Test
    void wideCellsShowNominatedNodeAndReadinessGates() {
        Pod pod = pod(1, """
                "readinessGates":[{"conditionType":"example.com/lb"},{"conditionType":"example.com/dns"}]""", """
                {"phase":"Pending","nominatedNodeName":"n2","podIPs":[{"ip":"fd00::1"},{"ip":"10.0.0.9"}],
                 "conditions":[{"type":"example.com/lb","status":"True"},{"type":"example.com/dns","status":"False"}]}""");
        assertEquals(List.of("fd00::1", "<none>", "n2", "1/2"), cells(pod).subList(5, 9));
    }

    @Test
    void columnsAreUpstreamsWithWideOnesAtPriorityOne() {
        assertEquals(List.of("Name", "Ready", "Status", "Restarts", "Age", "IP", "Node", "Nominated Node",
                "Readiness Gates"), printer.columns().stream().map(Column::name).toList());
        assertEquals(List.of(0, 0, 0, 0, 0, 1, 1, 1, 1), printer.columns().stream().map(Column::priority).toList());
        assertEquals("name", printer.columns().get(0).format());
    }
}
