package io.quarkube.kubelet.podworkers;

import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.quarkube.api.events.EventRecorder;
import io.quarkube.kubelet.node.LocalNodes;
import io.quarkube.kubelet.node.PodIpAllocator;
import io.quarkube.kubelet.prober.ProbeManager;
import io.quarkube.kubelet.prober.ProbeType;
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
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The kubelet's per-pod logic: create the sandbox, run init containers one by one to completion, then the app
 * containers; restart exited ones as the restartPolicy says with crash backoff; run lifecycle hooks and probes
 * ({@link ContainerHealth}); enforce activeDeadlineSeconds; report the status; stop (preStop first, see
 * {@link ContainerKiller}) and clean up on termination. Level-triggered: every call looks at what the runtime and
 * the prober report and does the next step. Records the kubelet's container Events (Pulled, Created, Started,
 * Failed, BackOff, Killing, Unhealthy, FailedPostStartHook, FailedPreStopHook, DeadlineExceeded) as it goes.
 */
public final class KubeletPodSyncer implements PodSyncer {
    private static final Logger LOG = Logger.getLogger(KubeletPodSyncer.class);
    /** How soon a container that could not be created (CreateContainerConfigError) is tried again. */
    static final Duration CONFIG_RETRY = Duration.ofSeconds(10);
    private static final String STARTERROR = "StartError";

    private final ContainerRuntime runtime;
    private final PodStatusSink statusSink;
    private final PodIpAllocator ips;
    private final Clock clock;
    private final Supplier<CrashBackoff> backoffs;
    private final EventRecorder events;
    private final ProbeManager probes;
    private final ContainerKiller killer;
    private final ContainerHealth health;
    private final ActiveDeadline deadline;
    // per UID; each entry is only touched by that pod's worker
    private final Map<String, PodState> pods = new ConcurrentHashMap<>();

    public KubeletPodSyncer(ContainerRuntime runtime, PodStatusSink statusSink, PodIpAllocator ips, Clock clock,
                            Supplier<CrashBackoff> backoffs) {
        this(runtime, statusSink, ips, clock, backoffs, EventRecorder.discarding());
    }

    /** Probes and hooks on timer and executor threads of its own (tests, tools). */
    public KubeletPodSyncer(ContainerRuntime runtime, PodStatusSink statusSink, PodIpAllocator ips, Clock clock,
                            Supplier<CrashBackoff> backoffs, EventRecorder events) {
        this(runtime, statusSink, ips, clock, backoffs, events, ProbesAndHooks.standalone(runtime, clock, events));
    }

    public KubeletPodSyncer(ContainerRuntime runtime, PodStatusSink statusSink, PodIpAllocator ips, Clock clock,
                            Supplier<CrashBackoff> backoffs, EventRecorder events, ProbesAndHooks support) {
        this.runtime = runtime;
        this.probes = support.probes();
        this.killer = new ContainerKiller(runtime, support, clock, events);
        this.health = new ContainerHealth(support, killer, events);
        this.deadline = new ActiveDeadline(killer, support.probes(), clock, events);
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
        SyncActions actions = new SyncActions();
        if (PodState.orEmpty(pod.getSpec().getContainers()).stream().anyMatch(ProbeType::any)) {
            actions.wakeOn(probes.changes(uid)); // taken before the results are read: no change is missed
        }
        state.all().forEach(ContainerRecord::observe);
        stopIfFailedElsewhere(pod, state);
        deadline.enforce(pod, state, actions); // also stops the containers of a pod stopped for good
        boolean initialized = runInitContainers(pod, state, actions);
        if (initialized) {
            runContainers(pod, state, actions);
        }
        state.all().forEach(health::assess);
        PodStatus status = status(pod, state, initialized);
        if (PodPhases.isTerminal(status.getPhase())) {
            ips.release(uid); // the status keeps showing it, as for a finished pod in Kubernetes
        }
        statusSink.setPodStatus(pod, status);
        state.reportedPhase = status.getPhase();
        state.all().forEach(record -> record.addWakeups(actions.wakeOn()));
        return actions.result();
    }

    /**
     * The API shows the pod Failed (or Succeeded) while it still runs here: the node lifecycle controller failed it
     * as NodeLost while this agent was cut off, and its controller has replaced it. As the kubelet never moves a
     * phase backwards, its containers are stopped for good and the pod keeps that phase and reason.
     */
    private void stopIfFailedElsewhere(Pod pod, PodState state) {
        PodStatus api = pod.getStatus();
        if (state.isStoppedForGood() || api == null || !PodPhases.isTerminal(api.getPhase())
                || PodPhases.isTerminal(state.reportedPhase)) {
            return;
        }
        LOG.infof("pod %s is %s in the API (%s): stopping its containers", state.sandbox.fullName(), api.getPhase(),
                api.getReason());
        state.stoppedForGood = new PodStatuses.Failure(api.getReason(), api.getMessage());
        state.terminalInApi = true;
        probes.removePod(state.sandbox.uid());
    }

    @Override
    public CompletionStage<Void> syncTerminatingPod(Pod pod, Duration gracePeriod) {
        PodState state = pods.get(pod.getMetadata().getUid());
        if (state == null) {
            return CompletableFuture.completedFuture(null);
        }
        probes.removePod(state.sandbox.uid());
        List<CompletableFuture<ContainerExit>> stopping = new ArrayList<>();
        for (ContainerRecord record : state.all()) {
            if (record.current != null && !record.current.exited().isDone()) {
                stopping.add(killer.kill(pod, state, record, gracePeriod, null));
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
        probes.removePod(uid);
        if (state != null) {
            runtime.removeSandbox(state.sandbox);
            LOG.infof("pod %s stopped on node %s", state.sandbox.fullName(), state.sandbox.nodeName());
        } else {
            runtime.removeLeftoverSandbox(uid); // a pod that ended before this agent started: its sandbox stayed
        }
        ips.release(uid);
        statusSink.podTerminated(pod, confirmDeletion);
    }

    /** Pods this syncer holds containers for. */
    public int runningPods() {
        return pods.size();
    }

    /**
     * First sight of a pod: a new sandbox, or, when its status shows runs of an earlier agent (this agent
     * restarted), the sandbox and runs that agent left, taken over instead of started twice ({@link Adoption}).
     */
    private PodState admit(Pod pod) {
        String uid = pod.getMetadata().getUid();
        String node = pod.getSpec().getNodeName();
        boolean hadRuns = Adoption.hasRuns(pod);
        if (hadRuns) {
            Optional<PodSandbox> adopted = runtime.adoptSandbox(pod, node, pod.getStatus().getPodIP());
            if (adopted.isPresent()) {
                PodSandbox sandbox = adopted.get();
                ips.reserve(node, uid, sandbox.podIP());
                Instant started = Adoption.startTime(pod);
                PodState state = new PodState(sandbox, started != null ? started : clock.instant(), pod, backoffs);
                int running = Adoption.takeOver(runtime, pod, state, clock.instant());
                LOG.infof("pod %s taken over on node %s (IP %s): %d container(s) still running", sandbox.fullName(),
                        node, sandbox.podIP(), running);
                return state;
            }
        }
        String ip = ips.allocate(node, uid);
        try {
            PodSandbox sandbox = runtime.createSandbox(pod, node, ip);
            LOG.infof("pod %s started on node %s (IP %s)", sandbox.fullName(), node, ip);
            PodState state = new PodState(sandbox, clock.instant(), pod, backoffs);
            if (hadRuns) {
                Adoption.runsLost(pod, state, clock.instant());
            }
            return state;
        } catch (IOException e) {
            ips.release(uid);
            throw new UncheckedIOException("sandbox of pod " + pod.getMetadata().getName() + ": " + e.getMessage(), e);
        }
    }

    /** Runs init containers in order; true once all completed with 0. */
    private boolean runInitContainers(Pod pod, PodState state, SyncActions actions) {
        for (ContainerRecord record : state.initContainers) {
            if (record.current == null) {
                if (!state.isStoppedForGood()) {
                    start(pod, state, record, actions);
                }
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
            if (!"Never".equals(PodPhases.restartPolicy(pod.getSpec())) && !state.isStoppedForGood()) {
                restartWhenDue(pod, state, record, exit, actions);
            }
            return false; // with Never, a failed init container fails the pod
        }
        return true;
    }

    private void runContainers(Pod pod, PodState state, SyncActions actions) {
        String policy = PodPhases.restartPolicy(pod.getSpec());
        for (ContainerRecord record : state.containers) {
            if (record.current == null) {
                if (!state.isStoppedForGood()) {
                    start(pod, state, record, actions);
                }
                continue;
            }
            ContainerExit exit = record.exit();
            if (exit == null) {
                health.sync(pod, state, record);
                continue;
            }
            probes.removeContainer(record.current.id());
            logExit(state, record, exit);
            boolean restart = "Always".equals(policy)
                    || ("OnFailure".equals(policy) && (exit.exitCode() != 0 || record.restartAfterKill));
            if (restart && !state.isStoppedForGood()) {
                restartWhenDue(pod, state, record, exit, actions);
            }
        }
    }

    private void restartWhenDue(Pod pod, PodState state, ContainerRecord record, ContainerExit exit,
                                SyncActions actions) {
        Instant now = clock.instant();
        if (record.restartAt == null) {
            record.restartAt = record.backoff.restartAt(exit.finishedAt());
            record.restartDelay = Duration.between(exit.finishedAt(), record.restartAt);
            if (now.isBefore(record.restartAt)) {
                recorder(state).event(pod, record.fieldPath(), EventRecorder.WARNING, "BackOff",
                        "Back-off restarting failed container " + record.name() + " in pod "
                                + pod.getMetadata().getName() + "_" + pod.getMetadata().getNamespace() + "("
                                + pod.getMetadata().getUid() + ")");
            }
        }
        if (now.isBefore(record.restartAt)) {
            actions.requeueAfter(Duration.between(now, record.restartAt));
            return;
        }
        String previousId = record.current.id();
        if (!start(pod, state, record, actions)) {
            return; // not created (config error): the exited run stays current until a start succeeds
        }
        record.lastTermination = exit;
        record.lastContainerId = previousId;
        record.restartCount++;
        record.restartAt = null;
        record.restartDelay = null;
    }

    /**
     * Starts a new run of the container; false if it could not even be created (CreateContainerConfigError: the
     * container stays Waiting with that reason, no restart is counted, and the start is retried later).
     */
    private boolean start(Pod pod, PodState state, ContainerRecord record, SyncActions actions) {
        Instant now = clock.instant();
        if (record.configRetryAt != null && now.isBefore(record.configRetryAt)) {
            actions.requeueAfter(Duration.between(now, record.configRetryAt));
            return false;
        }
        EventRecorder recorder = recorder(state);
        String field = record.fieldPath();
        // images are never pulled: the kubelet's event for an image that is present
        recorder.event(pod, field, EventRecorder.NORMAL, "Pulled",
                "Container image \"" + record.spec.getImage() + "\" already present on machine");
        ContainerHandle handle = runtime.startContainer(state.sandbox, pod, record.spec);
        ContainerExit notCreated = handle.exited().getNow(null);
        if (notCreated != null && ContainerExit.CREATE_CONTAINER_CONFIG_ERROR.equals(notCreated.reason())) {
            recorder.event(pod, field, EventRecorder.WARNING, "Failed", "Error: " + notCreated.message());
            record.configError = notCreated;
            record.configRetryAt = now.plus(CONFIG_RETRY);
            actions.requeueAfter(CONFIG_RETRY);
            return false;
        }
        recorder.event(pod, field, EventRecorder.NORMAL, "Created", "Created container: " + record.name());
        // a start error may be found at once or only once the launcher ran: either way one Failed event, no Started
        handle.exited().thenAccept(exit -> {
            if (STARTERROR.equals(exit.reason())) {
                recorder.event(pod, field, EventRecorder.WARNING, "Failed", "Error: " + exit.message());
            }
        });
        handle.started().thenRun(() -> {
            recorder.event(pod, field, EventRecorder.NORMAL, "Started", "Started container " + record.name());
            if (simulatedProcess(record)) {
                recorder.event(pod, field, EventRecorder.NORMAL, "Simulated", "Container " + record.name()
                        + " has no command and images cannot run here: it runs as a simulated long-running process");
            }
        });
        record.newRun(handle);
        health.started(pod, state, record);
        return true;
    }

    /** A command-less container on the process runtime: there is no image to take an entrypoint from. */
    private boolean simulatedProcess(ContainerRecord record) {
        return "process".equals(runtime.name()) && PodState.orEmpty(record.spec.getCommand()).isEmpty()
                && PodState.orEmpty(record.spec.getArgs()).isEmpty();
    }

    /** Events from the kubelet of the pod's node. */
    private EventRecorder recorder(PodState state) {
        return events.withHost(state.sandbox.nodeName());
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
        PodStatuses.Failure failure = ActiveDeadline.failure(state);
        List<PodCondition> current = pod.getStatus() == null ? List.of()
                : Objects.requireNonNullElse(pod.getStatus().getConditions(), List.of());
        return PodStatuses.build(pod.getSpec(), current, init, app, true, LocalNodes.HOST_IP, state.sandbox.podIP(),
                state.startTime, clock.instant(), failure);
    }
}
