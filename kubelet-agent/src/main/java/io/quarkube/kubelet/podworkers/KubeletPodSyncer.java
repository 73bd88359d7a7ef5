package io.quarkube.kubelet.podworkers;

import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.quarkube.api.events.EventRecorder;
import io.quarkube.kubelet.node.LocalNodes;
import io.quarkube.kubelet.node.PodIpAllocator;
import io.quarkube.kubelet.runtime.ContainerExit;
import io.quarkube.kubelet.runtime.ContainerHandle;
import io.quarkube.kubelet.runtime.ContainerRuntime;
import io.quarkube.kubelet.runtime.PodSandbox;
import io.quarkube.kubelet.status.PodPhases;
import io.quarkube.kubelet.status.PodStatusSink;
import io.quarkube.kubelet.status.PodStatuses;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The kubelet's per-pod logic: create the sandbox, run init containers one by one to completion, then the app
 * containers; restart exited ones as the restartPolicy says with crash backoff; report the status; stop and clean
 * up on termination. Level-triggered: every call looks at what the runtime reports and does the next step.
 * Records the kubelet's container Events (Pulled, Created, Started, Failed, BackOff, Killing) as it goes.
 */
public final class KubeletPodSyncer implements PodSyncer {
    private static final Logger LOG = Logger.getLogger(KubeletPodSyncer.class);

    private final ContainerRuntime runtime;
    private final PodStatusSink statusSink;
    private final PodIpAllocator ips;
    private final Clock clock;
    private final Supplier<CrashBackoff> backoffs;
    private final EventRecorder events;
    // per UID; each entry is only touched by that pod's worker
    private final Map<String, PodState> pods = new ConcurrentHashMap<>();

    public KubeletPodSyncer(ContainerRuntime runtime, PodStatusSink statusSink, PodIpAllocator ips, Clock clock,
                            Supplier<CrashBackoff> backoffs) {
        this(runtime, statusSink, ips, clock, backoffs, EventRecorder.discarding());
    }

    public KubeletPodSyncer(ContainerRuntime runtime, PodStatusSink statusSink, PodIpAllocator ips, Clock clock,
                            Supplier<CrashBackoff> backoffs, EventRecorder events) {
        this.runtime = runtime;
        this.events = events;
        this.statusSink = statusSink;
        this.ips = ips;
        this.clock = clock;
        this.backoffs = backoffs;
    }

    @Override
    public SyncResult syncPod(Pod pod) {
        String uid = pod.getMetadata().getUid();
        PodState state = pods.get(uid);
        if (state == null) {
            if (pod.getStatus() != null && PodPhases.isTerminal(pod.getStatus().getPhase())) {
                return SyncResult.DONE; // finished before this agent started: never run it again
            }
            state = admit(pod);
            pods.put(uid, state);
        }
        state.all().forEach(ContainerRecord::observe);
        Actions actions = new Actions();
        boolean initialized = runInitContainers(pod, state, actions);
        if (initialized) {
            runContainers(pod, state, actions);
        }
        PodStatus status = status(pod, state, initialized);
        if (PodPhases.isTerminal(status.getPhase())) {
            ips.release(uid); // the status keeps showing it, as for a finished pod in Kubernetes
        }
        statusSink.setPodStatus(pod, status);
        state.all().forEach(record -> record.addWakeups(actions.wakeOn));
        return actions.result();
    }

    @Override
    public CompletionStage<Void> syncTerminatingPod(Pod pod, Duration gracePeriod) {
        PodState state = pods.get(pod.getMetadata().getUid());
        if (state == null) {
            return CompletableFuture.completedFuture(null);
        }
        List<CompletableFuture<ContainerExit>> stopping = new ArrayList<>();
        for (ContainerRecord record : state.all()) {
            if (record.current != null && !record.current.exited().isDone()) {
                recorder(state).event(pod, fieldPath(record), EventRecorder.NORMAL, "Killing",
                        "Stopping container " + record.name());
                stopping.add(runtime.stopContainer(record.current, gracePeriod));
            }
        }
        if (!stopping.isEmpty()) {
            LOG.infof("stopping %d containers of pod %s (grace period %ds)", stopping.size(),
                    state.sandbox.fullName(), gracePeriod.toSeconds());
        }
        return CompletableFuture.allOf(stopping.toArray(CompletableFuture[]::new));
    }

    @Override
    public void syncTerminatedPod(Pod pod, boolean confirmDeletion) {
        String uid = pod.getMetadata().getUid();
        PodState state = pods.remove(uid);
        if (state != null) {
            runtime.removeSandbox(state.sandbox);
            LOG.infof("pod %s stopped on node %s", state.sandbox.fullName(), state.sandbox.nodeName());
        }
        ips.release(uid);
        statusSink.podTerminated(pod, confirmDeletion);
    }

    /** Pods this syncer holds containers for. */
    public int runningPods() {
        return pods.size();
    }

    private PodState admit(Pod pod) {
        String uid = pod.getMetadata().getUid();
        String node = pod.getSpec().getNodeName();
        String ip = ips.allocate(node, uid);
        try {
            PodSandbox sandbox = runtime.createSandbox(pod, node, ip);
            LOG.infof("pod %s started on node %s (IP %s)", sandbox.fullName(), node, ip);
            return new PodState(sandbox, clock.instant(), pod, backoffs);
        } catch (IOException e) {
            ips.release(uid);
            throw new UncheckedIOException("sandbox of pod " + pod.getMetadata().getName() + ": " + e.getMessage(), e);
        }
    }

    /** Runs init containers in order; true once all completed with 0. */
    private boolean runInitContainers(Pod pod, PodState state, Actions actions) {
        for (ContainerRecord record : state.initContainers) {
            if (record.current == null) {
                start(pod, state, record);
                return false;
            }
            ContainerExit exit = record.exit();
            if (exit == null) {
                return false;
            }
            logExit(state, record, exit);
            if (exit.exitCode() == 0) {
                continue;
            }
            if (!"Never".equals(PodPhases.restartPolicy(pod.getSpec()))) {
                restartWhenDue(pod, state, record, exit, actions);
            }
            return false; // with Never, a failed init container fails the pod
        }
        return true;
    }

    private void runContainers(Pod pod, PodState state, Actions actions) {
        String policy = PodPhases.restartPolicy(pod.getSpec());
        for (ContainerRecord record : state.containers) {
            if (record.current == null) {
                start(pod, state, record);
                continue;
            }
            ContainerExit exit = record.exit();
            if (exit == null) {
                continue;
            }
            logExit(state, record, exit);
            if ("Always".equals(policy) || ("OnFailure".equals(policy) && exit.exitCode() != 0)) {
                restartWhenDue(pod, state, record, exit, actions);
            }
        }
    }

    private void restartWhenDue(Pod pod, PodState state, ContainerRecord record, ContainerExit exit, Actions actions) {
        Instant now = clock.instant();
        if (record.restartAt == null) {
            record.restartAt = record.backoff.restartAt(exit.finishedAt());
            record.restartDelay = Duration.between(exit.finishedAt(), record.restartAt);
            if (now.isBefore(record.restartAt)) {
                recorder(state).event(pod, fieldPath(record), EventRecorder.WARNING, "BackOff",
                        "Back-off restarting failed container " + record.name() + " in pod "
                                + pod.getMetadata().getName() + "_" + pod.getMetadata().getNamespace() + "("
                                + pod.getMetadata().getUid() + ")");
            }
        }
        if (now.isBefore(record.restartAt)) {
            actions.requeueAfter(Duration.between(now, record.restartAt));
            return;
        }
        record.lastTermination = exit;
        record.lastContainerId = record.current.id();
        record.restartCount++;
        record.restartAt = null;
        record.restartDelay = null;
        start(pod, state, record);
    }

    private void start(Pod pod, PodState state, ContainerRecord record) {
        EventRecorder recorder = recorder(state);
        String field = fieldPath(record);
        // images are never pulled: the kubelet's event for an image that is present
        recorder.event(pod, field, EventRecorder.NORMAL, "Pulled",
                "Container image \"" + record.spec.getImage() + "\" already present on machine");
        ContainerHandle handle = runtime.startContainer(state.sandbox, pod, record.spec);
        recorder.event(pod, field, EventRecorder.NORMAL, "Created", "Created container: " + record.name());
        ContainerExit startError = handle.exited().isDone() && "StartError".equals(handle.exited().join().reason())
                ? handle.exited().join() : null;
        if (startError != null) {
            recorder.event(pod, field, EventRecorder.WARNING, "Failed", "Error: " + startError.message());
        } else {
            handle.started().thenRun(() -> recorder.event(pod, field, EventRecorder.NORMAL, "Started",
                    "Started container " + record.name()));
        }
        record.current = handle;
        record.observed = record.current.status();
        record.startedThisSync = true;
        record.exitLogged = false;
    }

    /** Events from the kubelet of the pod's node. */
    private EventRecorder recorder(PodState state) {
        return events.withHost(state.sandbox.nodeName());
    }

    /** Which container of the pod an event is about, as the kubelet names it. */
    private static String fieldPath(ContainerRecord record) {
        return (record.init ? "spec.initContainers{" : "spec.containers{") + record.name() + "}";
    }

    private static void logExit(PodState state, ContainerRecord record, ContainerExit exit) {
        if (!record.exitLogged) {
            record.exitLogged = true;
            LOG.infof("container %s of pod %s exited with code %d (%s)", record.name(), state.sandbox.fullName(),
                    exit.exitCode(), exit.reason());
        }
    }

    private PodStatus status(Pod pod, PodState state, boolean initialized) {
        List<ContainerStatus> init = state.initContainers.stream()
                .map(r -> ContainerStatuses.of(r, "PodInitializing", state.sandbox)).toList();
        String notStarted = initialized ? "ContainerCreating" : "PodInitializing";
        List<ContainerStatus> app = state.containers.stream()
                .map(r -> ContainerStatuses.of(r, notStarted, state.sandbox)).toList();
        return PodStatuses.build(pod.getSpec(), init, app, true, LocalNodes.HOST_IP, state.sandbox.podIP(),
                state.startTime, clock.instant());
    }

    /** Collects what the worker should wait for after this sync. */
    private static final class Actions {
        private final List<CompletableFuture<?>> wakeOn = new ArrayList<>();
        private Duration requeueAfter;

        void requeueAfter(Duration delay) {
            requeueAfter = requeueAfter == null || delay.compareTo(requeueAfter) < 0 ? delay : requeueAfter;
        }

        SyncResult result() {
            return new SyncResult(requeueAfter, List.copyOf(wakeOn));
        }
    }
}
