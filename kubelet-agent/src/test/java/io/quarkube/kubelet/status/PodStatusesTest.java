package io.quarkube.kubelet.status;

import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodSpecBuilder;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static io.quarkube.kubelet.status.PodPhasesTest.running;
import static io.quarkube.kubelet.status.PodPhasesTest.terminated;
import static io.quarkube.kubelet.status.PodPhasesTest.waiting;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PodStatusesTest {
    private static final Instant T0 = Instant.parse("2030-01-01T00:00:00Z");
    private static final Instant T1 = T0.plusSeconds(60);

    @Test
    void aRunningPodIsReadyWithIpsAndConditionsInKubeletOrder() {
        PodSpec spec = PodPhasesTest.spec("Always", "a");
        PodStatus status = PodStatuses.build(spec, List.of(), List.of(running("a")), true, "127.0.0.1",
                "10.244.1.2", T0, T1);

        assertEquals("Running", status.getPhase());
        assertEquals("10.244.1.2", status.getPodIP());
        assertEquals("10.244.1.2", status.getPodIPs().get(0).getIp());
        assertEquals("127.0.0.1", status.getHostIPs().get(0).getIp());
        assertEquals("2030-01-01T00:00:00Z", status.getStartTime());
        assertEquals("BestEffort", status.getQosClass());
        assertEquals(List.of("PodReadyToStartContainers", "Initialized", "Ready", "ContainersReady"),
                status.getConditions().stream().map(PodCondition::getType).toList());
        assertEquals(List.of("True", "True", "True", "True"),
                status.getConditions().stream().map(PodCondition::getStatus).toList());
        assertTrue(status.getInitContainerStatuses() == null || status.getInitContainerStatuses().isEmpty());
    }

    @Test
    void unreadyAndUninitializedConditionsSayWhichContainers() {
        PodSpec spec = new PodSpecBuilder(PodPhasesTest.spec("Always", "a", "b"))
                .addToInitContainers(new ContainerBuilder().withName("init").build()).build();
        PodStatus status = PodStatuses.build(spec, List.of(running("init")),
                List.of(waiting("a", "PodInitializing"), waiting("b", "PodInitializing")), true, "127.0.0.1",
                "10.244.1.2", T0, T1);

        assertEquals("Pending", status.getPhase());
        PodCondition initialized = status.getConditions().get(1);
        assertEquals("False", initialized.getStatus());
        assertEquals("ContainersNotInitialized", initialized.getReason());
        assertEquals("containers with incomplete status: [init]", initialized.getMessage());
        PodCondition ready = status.getConditions().get(2);
        assertEquals("ContainersNotReady", ready.getReason());
        assertEquals("containers with unready status: [a b]", ready.getMessage());
    }

    @Test
    void aSucceededPodIsNotReadyBecauseItCompleted() {
        PodStatus status = PodStatuses.build(PodPhasesTest.spec("Never", "a"), List.of(), List.of(terminated("a", 0)),
                true, "127.0.0.1", "10.244.1.2", T0, T1);

        assertEquals("Succeeded", status.getPhase());
        assertEquals("PodCompleted", status.getConditions().get(3).getReason());
    }

    @Test
    void readyNeedsEveryReadinessGateConditionTrueOnTopOfReadyContainers() {
        PodSpec spec = new PodSpecBuilder(PodPhasesTest.spec("Always", "a"))
                .addNewReadinessGate("example.com/lb").addNewReadinessGate("example.com/dns").build();
        List<PodCondition> current = List.of(condition("example.com/dns", "False", "2029-01-01T00:00:00Z"));

        PodStatus status = PodStatuses.build(spec, current, List.of(), List.of(running("a")), true, "127.0.0.1",
                "10.244.1.2", T0, T1, null);

        assertEquals("True", status.getConditions().get(3).getStatus(), "ContainersReady");
        PodCondition ready = status.getConditions().get(2);
        assertEquals("False", ready.getStatus());
        assertEquals("ReadinessGatesNotReady", ready.getReason());
        assertEquals("corresponding condition of pod readiness gate \"example.com/lb\" does not exist., the status "
                + "of pod readiness gate \"example.com/dns\" is not \"True\", but False", ready.getMessage());

        List<PodCondition> satisfied = List.of(condition("example.com/dns", "True", "2029-01-01T00:00:00Z"),
                condition("example.com/lb", "True", "2029-01-01T00:00:00Z"));
        assertEquals("True", PodStatuses.build(spec, satisfied, List.of(), List.of(running("a")), true, "127.0.0.1",
                "10.244.1.2", T0, T1, null).getConditions().get(2).getStatus());
    }

    @Test
    void aPodTheKubeletFailedIsFailedWithItsReasonAndNeverReady() {
        PodStatus status = PodStatuses.build(PodPhasesTest.spec("Always", "a"), List.of(), List.of(),
                List.of(terminated("a", 137)), true, "127.0.0.1", "10.244.1.2", T0, T1,
                new PodStatuses.Failure("DeadlineExceeded", "Pod was active on the node longer than the specified "
                        + "deadline"));

        assertEquals("Failed", status.getPhase());
        assertEquals("DeadlineExceeded", status.getReason());
        assertEquals(List.of("False", "False"), status.getConditions().subList(2, 4).stream()
                .map(PodCondition::getStatus).toList());
        assertEquals(List.of("PodFailed", "PodFailed"), status.getConditions().subList(2, 4).stream()
                .map(PodCondition::getReason).toList());
    }

    @Test
    void qosClassComesFromRequestsAndLimits() {
        assertEquals("BestEffort", QosClasses.of(PodPhasesTest.spec("Always", "a")));
        assertEquals("Guaranteed", QosClasses.of(withResources(Map.of(),
                Map.of("cpu", new Quantity("500m"), "memory", new Quantity("128Mi")))));
        assertEquals("Guaranteed", QosClasses.of(withResources(
                Map.of("cpu", new Quantity("0.5"), "memory", new Quantity("128Mi")),
                Map.of("cpu", new Quantity("500m"), "memory", new Quantity("128Mi")))));
        assertEquals("Burstable", QosClasses.of(withResources(Map.of("cpu", new Quantity("100m")), Map.of())));
        assertEquals("Burstable", QosClasses.of(withResources(Map.of("cpu", new Quantity("100m")),
                Map.of("cpu", new Quantity("200m"), "memory", new Quantity("128Mi")))));
    }

    @Test
    void mergeKeepsForeignConditionsTransitionTimesAndStartTime() {
        PodStatus current = new PodStatusBuilder().withStartTime("2029-01-01T00:00:00Z")
                .addToConditions(condition("PodScheduled", "True", "2029-01-01T00:00:00Z"))
                .addToConditions(condition("Ready", "True", "2029-06-01T00:00:00Z"))
                .addToConditions(condition("Initialized", "False", "2029-06-01T00:00:00Z"))
                .build();
        PodStatus desired = PodStatuses.build(PodPhasesTest.spec("Always", "a"), List.of(), List.of(running("a")),
                true, "127.0.0.1", "10.244.1.2", T0, T1);

        PodStatus merged = StatusMerge.merge(current, desired);

        assertEquals("2029-01-01T00:00:00Z", merged.getStartTime());
        Map<String, PodCondition> byType = new java.util.HashMap<>();
        merged.getConditions().forEach(c -> byType.put(c.getType(), c));
        assertEquals("2029-01-01T00:00:00Z", byType.get("PodScheduled").getLastTransitionTime());
        assertEquals("2029-06-01T00:00:00Z", byType.get("Ready").getLastTransitionTime(), "unchanged: kept");
        assertEquals("2030-01-01T00:01:00Z", byType.get("Initialized").getLastTransitionTime(), "flipped: now");
        assertEquals(5, merged.getConditions().size());
        assertEquals(merged, StatusMerge.merge(merged, desired), "merging again changes nothing");
        assertEquals(merged, StatusMerge.merge(current, merged), "a merged status merged again: no duplicates");
    }

    private static PodCondition condition(String type, String status, String time) {
        return new PodConditionBuilder().withType(type).withStatus(status).withLastTransitionTime(time).build();
    }

    private static PodSpec withResources(Map<String, Quantity> requests, Map<String, Quantity> limits) {
        return new PodSpecBuilder().addToContainers(new ContainerBuilder().withName("a").withNewResources()
                .withRequests(requests).withLimits(limits).endResources().build()).build();
    }
}
