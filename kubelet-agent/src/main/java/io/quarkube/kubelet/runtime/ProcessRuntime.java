package io.quarkube.kubelet.runtime;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.quarkube.kubelet.logs.ContainerLog;
import io.quarkube.kubelet.logs.ContainerLogs;
import io.quarkube.kubelet.node.LocalNodes;
import org.jboss.logging.Logger;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;

/**
 * Runs containers as host processes from {@code command + args}. Each run goes through a generated launch script
 * ({@link ContainerLauncher}) that stays as its supervisor: the command's stdout and stderr are appended to files
 * in the run dir, which {@link RunMonitor} copies into the CRI log (the previous run's log is kept for --previous),
 * and the script records the exit status. Nothing of a run depends on the agent, so containers and pod holders
 * outlive an agent that crashes, and the next agent takes them over from the pod's state file
 * ({@link SandboxState}, see {@link ProcessTakeover}); a graceful {@link #close()} stops them all. How a pod is
 * isolated is decided once at start ({@link SandboxIsolation}), and so is whether cgroups enforce containers'
 * memory and cpu limits ({@link Cgroups}; an OOM kill is reported as OOMKilled). A container without a command runs
 * as a simulated long-running process (without images its entrypoint is unknown) and says so in its log.
 */
public final class ProcessRuntime implements ContainerRuntime {
    private static final Logger LOG = Logger.getLogger(ProcessRuntime.class);
    private static final Duration SHUTDOWN_GRACE = Duration.ofSeconds(2);

    private final PodDirs dirs;
    private final ContainerLogs logs;
    private final ScheduledExecutorService timers;
    private final Clock clock;
    private final SandboxIsolation isolation;
    private final VolumeMounts volumes;
    private final RunDescriber describer;
    private final PodNamespaces namespaces; // null without namespaces
    private final ContainerLauncher launcher;
    private final ContainerExec exec;
    private final Map<String, SandboxState> sandboxes = new ConcurrentHashMap<>();
    private final ContainerRuns runs;
    /** Per pod UID: creating, taking over and removing a leftover of one pod's sandbox never overlap. */
    private final Map<String, Object> podLocks = new ConcurrentHashMap<>();
    private final ProcessTakeover takeover;
    private final Cgroups cgroups;
    private volatile boolean closed;

    public ProcessRuntime(PodDirs dirs, ScheduledExecutorService timers, Clock clock) {
        this(dirs, new ContainerLogs(clock), timers, clock);
    }

    public ProcessRuntime(PodDirs dirs, ContainerLogs logs, ScheduledExecutorService timers, Clock clock) {
        this(dirs, logs, timers, clock, ProcessRuntimeOptions.defaults());
    }

    public ProcessRuntime(PodDirs dirs, ContainerLogs logs, ScheduledExecutorService timers, Clock clock,
                          ProcessRuntimeOptions options) {
        this.dirs = dirs;
        this.logs = logs;
        this.timers = timers;
        this.clock = clock;
        this.isolation = SandboxIsolation.detect(options);
        LOG.infof("process runtime isolation: %s", isolation.description());
        this.volumes = new VolumeMounts(dirs);
        this.describer = new RunDescriber(dirs, new ContainerEnvironment(options.nodeCpu(), options.nodeMemory()),
                volumes, isolation.namespaces(), owner());
        this.namespaces = isolation.namespaces()
                ? new PodNamespaces(isolation.tools(), isolation.userNamespaces()) : null;
        this.launcher = isolation.namespaces() ? ContainerLauncher.namespaced(isolation.tools())
                : ContainerLauncher.onHost();
        this.exec = new ContainerExec(namespaces, launcher, dirs);
        this.cgroups = isolation.cgroups();
        this.runs = new ContainerRuns(sandboxes, timers, clock);
        this.takeover = new ProcessTakeover(dirs, namespaces, clock, describer, logs, runs);
        // pod cgroups nothing runs in whose pod has no sandbox here any more (those with one go with it)
        cgroups.removeStale(takeover.leftovers(Set.of()));
    }

    @Override
    public String name() {
        return "process";
    }

    /** True when pods get Linux namespaces, false in the path-mapping fallback. */
    public boolean usesNamespaces() {
        return isolation.namespaces();
    }

    public boolean usesUserNamespaces() {
        return isolation.userNamespaces();
    }

    /** True when containers' resource limits are enforced through cgroups (memory; cpu quota where available). */
    public boolean enforcesLimits() {
        return cgroups.available();
    }

    @Override
    public PodSandbox createSandbox(Pod pod, String nodeName, String podIP) throws IOException {
        synchronized (lock(pod.getMetadata().getUid())) {
            return create(pod, nodeName, podIP);
        }
    }

    private PodSandbox create(Pod pod, String nodeName, String podIP) throws IOException {
        String uid = pod.getMetadata().getUid();
        if (!sandboxes.containsKey(uid)) {
            takeover.stopLeftover(uid); // an earlier agent's sandbox of this pod that could not be taken over
        }
        Files.createDirectories(dirs.podDir(uid));
        volumes.prepare(pod, owner());
        List<String> podCgroups = cgroups.createPod(uid).stream().map(Path::toString).toList();
        // without a network namespace the pod is on the host network, and Kubernetes reports the host's IP
        String ip = namespaces != null ? namespaces.create(pod, podIP, dirs.podDir(uid)) : LocalNodes.HOST_IP;
        PodHolder holder = namespaces == null ? null : namespaces.holder(uid).orElse(null);
        sandboxes.put(uid, SandboxState.create(dirs.runDir(uid), new SandboxState.Data(uid,
                pod.getMetadata().getNamespace(), pod.getMetadata().getName(), nodeName, ip,
                holder == null ? 0 : holder.pid(), holder == null ? 0 : holder.startTime(),
                holder != null && holder.userNamespace(), holder != null && holder.ownNetwork(), List.of(),
                podCgroups)));
        return new PodSandbox(uid, pod.getMetadata().getNamespace(), pod.getMetadata().getName(), nodeName, ip,
                dirs.podDir(uid));
    }

    @Override
    public ContainerHandle startContainer(PodSandbox sandbox, Pod pod, Container container) {
        ContainerHandle handle = new ContainerHandle(UUID.randomUUID().toString().replace("-", ""), container.getName());
        if (closed) {
            // the agent is stopping: a process started now would outlive it
            handle.markExited(ContainerExit.startError("the kubelet is shutting down", clock.instant()));
            return handle;
        }
        ContainerLog log;
        try {
            log = logs.start(dirs.logFile(sandbox.uid(), container.getName()));
        } catch (IOException e) {
            handle.markExited(ContainerExit.startError("cannot create the log file: " + e.getMessage(), clock.instant()));
            return handle;
        }
        ContainerRun run;
        try {
            run = describer.describe(handle, sandbox, pod, container);
        } catch (ContainerConfigException e) {
            log.close();
            LOG.warnf("container %s/%s: %s", sandbox.fullName(), container.getName(), e.getMessage());
            handle.markExited(ContainerExit.configError(e.getMessage(), clock.instant()));
            return handle;
        } catch (IOException e) {
            log.close();
            handle.markExited(ContainerExit.startError(e.getMessage(), clock.instant()));
            return handle;
        }
        if (run.command().isEmpty()) {
            startSimulated(run, log, container.getImage());
        } else {
            start(run, log, container);
        }
        return handle;
    }

    /** No command: running until stopped, with one line in its log saying why nothing else happens. */
    private void startSimulated(ContainerRun run, ContainerLog log, String image) {
        ContainerHandle handle = run.handle();
        String note = "quarkube: image " + image + " has no known entrypoint here; container runs as a simulated "
                + "long-running process";
        log.pump(new NoteStream(note, handle.exited()), InputStream.nullInputStream(),
                "log-" + run.sandbox().name() + "-" + handle.containerName());
        runs.simulated(run, log, clock.instant(), true);
    }

    private void start(ContainerRun run, ContainerLog log, Container container) {
        ContainerHandle handle = run.handle();
        List<Path> runCgroups = List.of();
        try {
            // a missing executable is found before the launch, through the container's mounts, as runc would
            Optional<String> missing = ExecutableLookup.problem(run.command().get(0), run.env(), run.workingDir(),
                    run.mounts());
            if (missing.isPresent()) {
                throw new LaunchException(missing.get());
            }
            runCgroups = runCgroups(run, container);
            ProcessBuilder builder = namespaces != null ? inSandbox(run, runCgroups) : onHost(run, runCgroups);
            builder.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(run.files().stdout().toFile()))
                    .redirectError(ProcessBuilder.Redirect.appendTo(run.files().stderr().toFile()));
            builder.environment().clear();
            builder.environment().putAll(namespaces != null ? run.env() : new PathMapping(run.mounts()).apply(run.env()));
            Process process = builder.start();
            Instant startedAt = clock.instant();
            runs.started(run.withProcess(process, ProcStat.startTimeOf(process.pid())), log, startedAt);
        } catch (IOException | LaunchException e) {
            log.close();
            run.files().delete();
            CgroupDirs.removeRun(runCgroups);
            LOG.warnf("container %s/%s could not start: %s", run.sandbox().fullName(), handle.containerName(),
                    e.getMessage());
            handle.markExited(ContainerExit.startError(e.getMessage(), clock.instant()));
        }
    }

    /** The run's cgroups with the container's limits, under the pod's (none without cgroups). */
    private List<Path> runCgroups(ContainerRun run, Container container) throws LaunchException {
        SandboxState state = sandboxes.get(run.sandbox().uid());
        List<String> podCgroups = state == null || state.data().cgroups() == null ? List.of() : state.data().cgroups();
        try {
            return CgroupDirs.createContainer(podCgroups.stream().map(Path::of).toList(), run.handle().id(), container);
        } catch (IOException e) {
            throw new LaunchException("cannot create the container's cgroup: " + e.getMessage());
        }
    }

    /** The launcher, in the pod's namespaces. */
    private ProcessBuilder inSandbox(ContainerRun run, List<Path> runCgroups) throws IOException, LaunchException {
        PodHolder holder = namespaces.holder(run.sandbox().uid())
                .orElseThrow(() -> new LaunchException("the pod sandbox is not running"));
        List<String> line = launcher.prepare(holder, run.files(), run.mounts(), run.workingDir(), run.command(),
                runCgroups);
        return new ProcessBuilder(line).directory(run.sandbox().dir().toFile());
    }

    /** The fallback: the command on the host, with mountPaths mapped to the volumes' directories. */
    private ProcessBuilder onHost(ContainerRun run, List<Path> runCgroups) throws IOException {
        PathMapping mapping = new PathMapping(run.mounts());
        List<String> command = run.command().stream().map(mapping::apply).toList();
        Path workingDir = Files.createDirectories(Path.of(mapping.apply(run.workingDir())));
        List<String> line = launcher.prepare(null, run.files(), List.of(), workingDir.toString(), command, runCgroups);
        return new ProcessBuilder(line).directory(workingDir.toFile());
    }

    @Override
    public CompletableFuture<ContainerExit> stopContainer(ContainerHandle handle, Duration gracePeriod) {
        return runs.stop(handle, gracePeriod);
    }

    @Override
    public ExecResult exec(PodSandbox sandbox, ContainerHandle container, List<String> command, Duration timeout) {
        Optional<ContainerRun> run = runs.get(container.id());
        if (run.isEmpty() || container.exited().isDone()) {
            return new ExecResult(126, "container " + container.containerName() + " is not running", false);
        }
        return exec.run(run.get(), command, timeout);
    }

    @Override
    public void removeSandbox(PodSandbox sandbox) {
        if (namespaces != null) {
            namespaces.remove(sandbox.uid());
        }
        SandboxState state = sandboxes.remove(sandbox.uid());
        if (state != null) {
            CgroupDirs.removePod(state.data().cgroups());
        }
        ProcessTakeover.deleteDir(dirs.podDir(sandbox.uid()), sandbox.fullName());
        podLocks.remove(sandbox.uid());
    }

    @Override
    public Optional<PodSandbox> adoptSandbox(Pod pod, String nodeName, String podIP) {
        Optional<SandboxState> state;
        synchronized (lock(pod.getMetadata().getUid())) {
            state = takeover.adoptSandbox(pod);
            state.ifPresent(s -> sandboxes.put(pod.getMetadata().getUid(), s));
        }
        return state.map(s -> new PodSandbox(s.data().uid(), pod.getMetadata().getNamespace(),
                pod.getMetadata().getName(), nodeName, s.data().podIP(), dirs.podDir(s.data().uid())));
    }

    @Override
    public Optional<ContainerHandle> adoptContainer(PodSandbox sandbox, Pod pod, Container container,
                                                    ReportedRun reported) {
        SandboxState state = sandboxes.get(sandbox.uid());
        return state == null ? Optional.empty() : takeover.adoptContainer(state, sandbox, pod, container, reported);
    }

    @Override
    public Set<String> leftoverSandboxes() {
        return takeover.leftovers(sandboxes.keySet());
    }

    @Override
    public void removeLeftoverSandbox(String uid) {
        synchronized (lock(uid)) {
            if (!sandboxes.containsKey(uid)) {
                takeover.removeLeftover(uid);
            }
        }
    }

    private Object lock(String uid) {
        return podLocks.computeIfAbsent(uid, k -> new Object());
    }

    @Override
    public void close() {
        closed = true;
        runs.stopAll(SHUTDOWN_GRACE);
        // sandboxes of an earlier agent nobody took over (pods that had finished): their holders go too
        takeover.leftovers(sandboxes.keySet()).forEach(takeover::stopLeftover);
        if (namespaces != null) {
            namespaces.close();
        }
        // nothing runs in them now; a next agent makes them again for the pods it starts
        sandboxes.values().forEach(s -> CgroupDirs.removePod(s.data().cgroups()));
        cgroups.close();
    }

    /**
     * Forgets every container and sandbox without stopping anything, as if the agent had been killed: the
     * processes, holders and files stay for another runtime on the same work dir to take over (tests).
     */
    void abandon() {
        closed = true;
        runs.abandon();
        sandboxes.clear();
    }

    /** The host PID of a container's command, once its launcher has written it (tests and diagnostics). */
    Optional<Long> pid(String containerId) {
        return runs.commandPid(containerId);
    }

    /** The host PID of a pod's holder process, while the sandbox exists (tests and diagnostics). */
    Optional<Long> holderPid(String uid) {
        return namespaces == null ? Optional.empty() : namespaces.holder(uid).map(PodHolder::pid);
    }

    private OptionalInt owner() {
        return isolation.userNamespaces() ? OptionalInt.of(PodHolder.USERNS_HOST_ID) : OptionalInt.empty();
    }

    /** A container that cannot be launched (reported as StartError). */
    static final class LaunchException extends Exception {
        LaunchException(String message) {
            super(message);
        }
    }
}
