package io.quarkube.scheduler.core;

import io.quarkube.api.testing.MutableClock;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.quarkube.api.client.ApiException;
import io.quarkube.api.events.EventRecorder;
import io.quarkube.scheduler.framework.Snapshot;
import io.quarkube.scheduler.Fixtures;
import io.quarkube.scheduler.cache.SchedulerCache;
import io.quarkube.scheduler.plugins.DefaultPlugins;
import io.quarkube.scheduler.queue.SchedulingQueue;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Executor;
import java.util.function.BiConsumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ScheduleOneTest {
    private final MutableClock clock = new MutableClock();
    private final SchedulerCache cache = new SchedulerCache(clock, Duration.ofMinutes(5));
    private final SchedulingQueue queue =
            new SchedulingQueue(clock, Duration.ofSeconds(1), Duration.ofSeconds(10), Duration.ofSeconds(30));
    private final List<String> binds = new ArrayList<>();
    private final List<Runnable> pendingBinds = new ArrayList<>();
    private BiConsumer<Pod, String> bindBehaviour = (pod, node) -> { };
    private Executor bindExecutor = Runnable::run;
    /** "type reason pod: message" per recorded event. */
    private final List<String> events = new ArrayList<>();
    private final EventRecorder recorder = new EventRecorder() {
        @Override
        public void event(HasMetadata involved, String fieldPath, String type, String reason, String message) {
            events.add(type + " " + reason + " " + involved.getMetadata().getName() + ": " + message);
        }

        @Override
        public EventRecorder withHost(String host) {
            return this;
        }
    };

    /** "pod: message" per PodScheduled=False condition written. */
    private final List<String> conditions = new ArrayList<>();
    /** "result" per attempt, "sli attempts=N" per scheduled pod. */
    private final List<String> metrics = new ArrayList<>();

    private ScheduleOne scheduleOne() {
        SchedulerClient client = new SchedulerClient() {
            @Override
            public void bind(Pod pod, String node) {
                bindBehaviour.accept(pod, node);
                binds.add(pod.getMetadata().getName() + "->" + node);
            }

            @Override
            public void markUnschedulable(Pod pod, String message) {
                conditions.add(pod.getMetadata().getName() + ": " + message);
            }
        };
        SchedulerMetrics recording = new SchedulerMetrics() {
            @Override
            public void attempt(Result result, Duration duration) {
                metrics.add(result.label);
            }

            @Override
            public void podScheduled(Duration sinceQueued, int attempts) {
                metrics.add("sli attempts=" + attempts + " after " + sinceQueued.toSeconds() + "s");
            }
        };
        return new ScheduleOne(queue, cache, new SchedulingAlgorithm(DefaultPlugins.framework()), client,
                task -> bindExecutor.execute(task), recorder, recording, clock);
    }

    private void nodes(String cpu, String... names) {
        for (String name : names) {
            cache.addOrUpdateNode(Fixtures.node(name, cpu, "8Gi", 110));
        }
    }

    /** Schedules everything that is active now. */
    private void drain(ScheduleOne scheduleOne) throws InterruptedException {
        while (queue.counts().active() > 0) {
            scheduleOne.scheduleNext();
        }
    }

    private void runPendingBinds() {
        List<Runnable> inFlight = new ArrayList<>(pendingBinds);
        pendingBinds.clear();
        inFlight.forEach(Runnable::run);
    }

    private Map<String, Integer> podsPerNode() {
        Map<String, Integer> perNode = new TreeMap<>();
        binds.forEach(b -> perNode.merge(b.substring(b.indexOf("->") + 2), 1, Integer::sum));
        return perNode;
    }

    @Test
    void podsSpreadOverNodes() throws InterruptedException {
        nodes("4", "n1", "n2", "n3");
        for (int i = 0; i < 6; i++) {
            queue.addOrUpdate(Fixtures.pod("p" + i, "500m", "256Mi"));
        }
        drain(scheduleOne());
        assertEquals(Map.of("n1", 2, "n2", 2, "n3", 2), podsPerNode());
    }

    @Test
    void podsWithoutRequestsSpreadToo() throws InterruptedException {
        nodes("4", "n1", "n2", "n3");
        for (int i = 0; i < 9; i++) {
            queue.addOrUpdate(Fixtures.pod("p" + i, null, null));
        }
        drain(scheduleOne());
        assertEquals(Map.of("n1", 3, "n2", 3, "n3", 3), podsPerNode());
    }

    @Test
    void podThatFitsNowhereStaysUnscheduledWithTheReason() throws InterruptedException {
        nodes("1", "n1", "n2", "n3");
        queue.addOrUpdate(Fixtures.pod("big", "2", "1Gi"));
        drain(scheduleOne());
        assertTrue(binds.isEmpty());
        assertEquals(new SchedulingQueue.Counts(0, 0, 1), queue.counts());

        // the reason travels with the pod (and is logged only when it changes)
        clock.advance(Duration.ofSeconds(30));
        queue.flushUnschedulableLeftover();
        assertEquals("0/3 nodes are available: 3 Insufficient cpu.", queue.pop().lastFailure());
    }

    @Test
    void failedSchedulingIsRecordedOncePerReasonAndScheduledAfterTheBinding() throws InterruptedException {
        ScheduleOne scheduleOne = scheduleOne();
        nodes("1", "n1", "n2", "n3");
        queue.addOrUpdate(Fixtures.pod("big", "2", "1Gi"));
        drain(scheduleOne);
        clock.advance(Duration.ofSeconds(30));
        queue.flushUnschedulableLeftover(); // a retry that fails for the same reason
        drain(scheduleOne);
        assertEquals(List.of("Warning FailedScheduling big: 0/3 nodes are available: 3 Insufficient cpu."), events);

        Node cordoned = Fixtures.node("n4", "8", "8Gi", 110);
        cordoned.getSpec().setUnschedulable(true);
        cache.addOrUpdateNode(cordoned);
        retry(scheduleOne);
        nodes("4", "n5");
        retry(scheduleOne);

        assertEquals(List.of("Warning FailedScheduling big: 0/3 nodes are available: 3 Insufficient cpu.",
                "Warning FailedScheduling big: 0/4 nodes are available: 1 node(s) were unschedulable, "
                        + "3 Insufficient cpu.",
                "Normal Scheduled big: Successfully assigned default/big to n5"), events);
        // the pod's status says why, like kube-scheduler's condition (the pod object here never gets it back,
        // so each failed attempt writes it; a pod that shows the same condition is not written again)
        assertEquals(List.of("big: 0/3 nodes are available: 3 Insufficient cpu.",
                "big: 0/3 nodes are available: 3 Insufficient cpu.",
                "big: 0/4 nodes are available: 1 node(s) were unschedulable, 3 Insufficient cpu."), conditions);
        assertEquals(List.of("unschedulable", "unschedulable", "unschedulable", "scheduled",
                "sli attempts=4 after 50s"), metrics);
    }

    @Test
    void aPodAlreadyShowingTheSameUnschedulableConditionIsNotWrittenAgain() throws InterruptedException {
        nodes("1", "n1");
        Pod pod = Fixtures.pod("big", "2", "1Gi");
        pod.getStatus().getConditions().add(new io.fabric8.kubernetes.api.model.PodConditionBuilder()
                .withType("PodScheduled").withStatus("False").withReason("Unschedulable")
                .withMessage("0/1 nodes are available: 1 Insufficient cpu.").build());
        queue.addOrUpdate(pod);
        drain(scheduleOne());
        assertEquals(List.of(), conditions);
        assertEquals(List.of("unschedulable"), metrics);
    }

    @Test
    void nothingIsRecordedAsScheduledWhenTheBindingFails() throws InterruptedException {
        nodes("4", "n1");
        bindBehaviour = (pod, node) -> {
            throw new ApiException(409, null, "pod p1 is already assigned to node n9");
        };
        queue.addOrUpdate(Fixtures.pod("p1", "1", "1Gi"));
        drain(scheduleOne());
        assertEquals(List.of(), events);
    }

    private void retry(ScheduleOne scheduleOne) throws InterruptedException {
        queue.moveAllToActiveOrBackoff();
        clock.advance(Duration.ofSeconds(10));
        queue.flushBackoffCompleted();
        drain(scheduleOne);
    }

    @Test
    void reasonSummaryCountsEachReason() {
        nodes("1", "n1", "n2");
        Node cordoned = Fixtures.node("n3", "8", "8Gi", 110);
        cordoned.getSpec().setUnschedulable(true);
        cache.addOrUpdateNode(cordoned);
        SchedulingAlgorithm.Result result = new SchedulingAlgorithm(DefaultPlugins.framework())
                .schedule(Fixtures.pod("big", "2", "1Gi"), cache.snapshot());
        assertEquals("0/3 nodes are available: 1 node(s) were unschedulable, 2 Insufficient cpu.",
                result.fitError().message());
        assertEquals(FitError.NO_NODES, new SchedulingAlgorithm(DefaultPlugins.framework())
                .schedule(Fixtures.pod("p", "1", "1Gi"), Snapshot.of(List.of())).fitError().message());
    }

    @Test
    void unschedulablePodIsScheduledWhenANodeArrives() throws InterruptedException {
        ScheduleOne scheduleOne = scheduleOne();
        queue.addOrUpdate(Fixtures.pod("p1", "1", "1Gi"));
        drain(scheduleOne);
        assertEquals(new SchedulingQueue.Counts(0, 0, 1), queue.counts());

        nodes("4", "n1");
        queue.moveAllToActiveOrBackoff();
        clock.advance(Duration.ofSeconds(1));
        queue.flushBackoffCompleted();
        drain(scheduleOne);
        assertEquals(List.of("p1->n1"), binds);
    }

    @Test
    void assumedPodsCountBeforeTheirBindingIsSeen() throws InterruptedException {
        nodes("1", "n1");
        bindExecutor = pendingBinds::add; // bindings stay in flight
        queue.addOrUpdate(Fixtures.pod("a", "600m", "1Gi"));
        queue.addOrUpdate(Fixtures.pod("b", "600m", "1Gi"));
        drain(scheduleOne());
        assertEquals(new SchedulingQueue.Counts(0, 0, 1), queue.counts());
        assertEquals(2, pendingBinds.size()); // a's binding, and b's PodScheduled=False written off the loop
        runPendingBinds();
        assertEquals(List.of("a->n1"), binds);
        assertEquals(List.of("b: 0/1 nodes are available: 1 Insufficient cpu."), conditions);
    }

    @Test
    void aPodIsBoundOnceEvenIfItsEventArrivesTwice() throws InterruptedException {
        nodes("4", "n1", "n2");
        bindExecutor = pendingBinds::add;
        ScheduleOne scheduleOne = scheduleOne();
        Pod pod = Fixtures.pod("p1", "1", "1Gi");
        queue.addOrUpdate(pod);
        drain(scheduleOne);
        queue.addOrUpdate(pod); // duplicate delivery while the binding is in flight
        drain(scheduleOne);
        runPendingBinds();
        queue.addOrUpdate(pod); // and once more after it was bound, before the informer shows it bound
        drain(scheduleOne);
        runPendingBinds();
        assertEquals(List.of("p1->n1"), binds);
    }

    @Test
    void conflictMeansAlreadyBound() throws InterruptedException {
        nodes("4", "n1");
        bindBehaviour = (pod, node) -> {
            throw new ApiException(409, null, "pod p1 is already assigned to node n9");
        };
        Pod pod = Fixtures.pod("p1", "1", "1Gi");
        queue.addOrUpdate(pod);
        drain(scheduleOne());
        assertFalse(cache.contains(pod));
        assertEquals(new SchedulingQueue.Counts(0, 0, 0), queue.counts());
    }

    @Test
    void failedBindingIsForgottenAndRetried() throws InterruptedException {
        nodes("4", "n1");
        bindBehaviour = (pod, node) -> {
            throw new ApiException(503, null, "api-server unavailable");
        };
        Pod pod = Fixtures.pod("p1", "1", "1Gi");
        queue.addOrUpdate(pod);
        ScheduleOne scheduleOne = scheduleOne();
        drain(scheduleOne);
        assertFalse(cache.contains(pod));
        assertEquals(0, cache.nodeInfo("n1").requested().milliCpu());
        assertEquals(new SchedulingQueue.Counts(0, 1, 0), queue.counts());

        bindBehaviour = (p, node) -> { };
        clock.advance(Duration.ofSeconds(1));
        queue.flushBackoffCompleted();
        drain(scheduleOne);
        assertEquals(List.of("p1->n1"), binds);
        assertTrue(cache.isAssumed(pod));
    }

    @Test
    void podsDeletedWhileQueuedAreSkipped() throws InterruptedException {
        nodes("4", "n1");
        Pod deleting = Fixtures.pod("p2", "1", "1Gi");
        deleting.getMetadata().setDeletionTimestamp("2025-01-01T00:00:00Z");
        queue.addOrUpdate(deleting);
        drain(scheduleOne());
        assertTrue(binds.isEmpty());
    }

    @Test
    void aPodBoundBeforeItsUnschedulableConditionIsWrittenKeepsItsBinding() throws InterruptedException {
        nodes("1", "n1");
        bindExecutor = pendingBinds::add; // the condition write waits behind other work
        Pod pod = Fixtures.pod("big", "2", "1Gi");
        queue.addOrUpdate(pod);
        drain(scheduleOne());
        assertEquals(1, pendingBinds.size());
        cache.addOrUpdatePod(Fixtures.boundPod("big", "n9", "2", "1Gi")); // meanwhile: bound (e.g. a new node)
        runPendingBinds();
        assertEquals(List.of(), conditions, "a stale PodScheduled=False must not follow the binding");
    }
}
