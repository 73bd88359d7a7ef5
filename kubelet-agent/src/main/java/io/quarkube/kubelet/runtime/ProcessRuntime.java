package io.quarkube.kubelet.runtime;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Volume;
import io.quarkube.kubelet.logs.ContainerLog;
import io.quarkube.kubelet.logs.ContainerLogs;
import org.jboss.logging.Logger;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Runs a container's {@code command + args} as a host process in the pod's work directory, with stdout and stderr
 * copied line by line, timestamped, into the run's log file (the previous run's is kept for --previous). A
 * container without a command runs as a simulated long-running process: without images its entrypoint is unknown.
 */
public final class ProcessRuntime implements ContainerRuntime {
    private static final Logger LOG = Logger.getLogger(ProcessRuntime.class);
    private static final Duration SHUTDOWN_GRACE = Duration.ofSeconds(2);
    /** How long an exit waits for the last output to reach the log (a child may keep the pipes open longer). */
    private static final Duration LOG_DRAIN = Duration.ofSeconds(2);

    private final PodDirs dirs;
    private final ContainerLogs logs;
    private final ScheduledExecutorService timers;
    private final Clock clock;
    // container id -> its process; absent for simulated (command-less) containers
    private final Map<String, Process> processes = new ConcurrentHashMap<>();
    private final Map<String, ContainerHandle> live = new ConcurrentHashMap<>();
    // container id -> the environment it was started with, for exec
    private final Map<String, Map<String, String>> envById = new ConcurrentHashMap<>();
    private volatile boolean closed;

    public ProcessRuntime(PodDirs dirs, ScheduledExecutorService timers, Clock clock) {
        this(dirs, new ContainerLogs(clock), timers, clock);
    }

    public ProcessRuntime(PodDirs dirs, ContainerLogs logs, ScheduledExecutorService timers, Clock clock) {
        this.dirs = dirs;
        this.logs = logs;
        this.timers = timers;
        this.clock = clock;
    }

    @Override
    public String name() {
        return "process";
    }

    @Override
    public PodSandbox createSandbox(Pod pod, String nodeName, String podIP) throws IOException {
        String uid = pod.getMetadata().getUid();
        Files.createDirectories(dirs.podDir(uid));
        for (Volume volume : Objects.requireNonNullElse(pod.getSpec().getVolumes(), List.<Volume>of())) {
            if (volume.getEmptyDir() != null) {
                Files.createDirectories(dirs.volumeDir(uid, volume.getName()));
            }
        }
        return new PodSandbox(uid, pod.getMetadata().getNamespace(), pod.getMetadata().getName(), nodeName, podIP,
                dirs.podDir(uid));
    }

    @Override
    public ContainerHandle startContainer(PodSandbox sandbox, Pod pod, Container container) {
        ContainerHandle handle = new ContainerHandle(UUID.randomUUID().toString().replace("-", ""), container.getName());
        List<String> commandLine = new ArrayList<>(Objects.requireNonNullElse(container.getCommand(), List.of()));
        commandLine.addAll(Objects.requireNonNullElse(container.getArgs(), List.of()));
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
        if (commandLine.isEmpty()) {
            handle.markStarted(clock.instant());
            live.put(handle.id(), handle);
            handle.exited().whenComplete((exit, e) -> {
                live.remove(handle.id());
                log.close();
            });
            return handle;
        }
        Map<String, String> env = environment(sandbox, container);
        envById.put(handle.id(), env);
        handle.exited().whenComplete((exit, e) -> envById.remove(handle.id()));
        commandLine.replaceAll(arg -> VarExpansion.expand(arg, env));
        ProcessBuilder builder = new ProcessBuilder(commandLine)
                .directory(sandbox.dir().toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        builder.environment().clear();
        builder.environment().putAll(env);
        try {
            Process process = builder.start();
            var startedAt = clock.instant();
            log.pump(process.getInputStream(), process.getErrorStream(),
                    "log-" + sandbox.name() + "-" + container.getName());
            handle.markStarted(startedAt);
            processes.put(handle.id(), process);
            live.put(handle.id(), handle);
            process.onExit().thenCompose(p -> {
                ContainerExit exit = ContainerExit.of(p.exitValue(), startedAt, clock.instant());
                // the exit is reported once its last output is in the log, as a CRI shim waits for its IO
                return log.closed().copy().completeOnTimeout(null, LOG_DRAIN.toMillis(), TimeUnit.MILLISECONDS)
                        .thenApply(drained -> exit);
            }).thenAccept(exit -> {
                processes.remove(handle.id());
                live.remove(handle.id());
                handle.markExited(exit);
            });
        } catch (IOException e) {
            log.close();
            LOG.warnf("container %s/%s could not start: %s", sandbox.fullName(), container.getName(), e.getMessage());
            handle.markExited(ContainerExit.startError(e.getMessage(), clock.instant()));
        }
        return handle;
    }

    @Override
    public CompletableFuture<ContainerExit> stopContainer(ContainerHandle handle, Duration gracePeriod) {
        if (handle.exited().isDone()) {
            return handle.exited();
        }
        Process process = processes.get(handle.id());
        if (process == null) {
            // simulated container: it stops at once, cleanly
            handle.markExited(ContainerExit.of(0, handle.started().join(), clock.instant()));
            return handle.exited();
        }
        return ProcessTree.terminate(process.toHandle(), gracePeriod, timers).thenCompose(v -> handle.exited());
    }

    @Override
    public ExecResult exec(PodSandbox sandbox, ContainerHandle container, List<String> command, Duration timeout) {
        Map<String, String> env = envById.get(container.id());
        if (env == null || container.exited().isDone()) {
            return new ExecResult(126, "container " + container.containerName() + " is not running", false);
        }
        ProcessBuilder builder = new ProcessBuilder(command).directory(sandbox.dir().toFile())
                .redirectErrorStream(true).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        builder.environment().clear();
        builder.environment().putAll(env);
        try {
            Process process = builder.start();
            CompletableFuture<String> output = CompletableFuture.supplyAsync(() -> {
                try {
                    return new String(process.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
                } catch (IOException e) {
                    return "";
                }
            });
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                return ExecResult.timeout(output.getNow(""));
            }
            // a child that keeps the pipe open must not hold the probe: output is best effort
            return new ExecResult(process.exitValue(), output.completeOnTimeout("", 1, TimeUnit.SECONDS).join(), false);
        } catch (IOException e) {
            return new ExecResult(127, e.getMessage(), false);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new ExecResult(126, "interrupted", false);
        }
    }

    @Override
    public void removeSandbox(PodSandbox sandbox) {
        Path dir = dirs.podDir(sandbox.uid());
        if (!Files.exists(dir)) {
            return;
        }
        try (var paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            LOG.warnf("could not remove the work dir of pod %s: %s", sandbox.fullName(), e.getMessage());
        }
    }

    @Override
    public void close() {
        closed = true;
        List<CompletableFuture<ContainerExit>> stopping = new ArrayList<>();
        live.values().forEach(handle -> stopping.add(stopContainer(handle, SHUTDOWN_GRACE)));
        try {
            CompletableFuture.allOf(stopping.toArray(CompletableFuture[]::new))
                    .get(SHUTDOWN_GRACE.toMillis() + 2_000, TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            LOG.warnf("some containers did not stop at shutdown: %s", e.toString());
        }
    }

    /** The host PID of a container's main process, while it runs (tests and diagnostics). */
    Optional<Long> pid(String containerId) {
        return Optional.ofNullable(processes.get(containerId)).map(Process::pid);
    }

    /** A clean environment: PATH from the host, HOSTNAME = pod name, then the container's env (values only). */
    private static Map<String, String> environment(PodSandbox sandbox, Container container) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("PATH", System.getenv().getOrDefault("PATH", "/usr/local/bin:/usr/bin:/bin"));
        env.put("HOME", sandbox.dir().toString());
        env.put("HOSTNAME", sandbox.name());
        for (EnvVar var : Objects.requireNonNullElse(container.getEnv(), List.<EnvVar>of())) {
            if (var.getValue() != null) {
                env.put(var.getName(), VarExpansion.expand(var.getValue(), env));
            } else if (var.getValueFrom() == null) {
                env.put(var.getName(), "");
            }
        }
        return env;
    }
}
