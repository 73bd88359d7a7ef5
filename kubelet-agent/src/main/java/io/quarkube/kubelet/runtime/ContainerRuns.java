package io.quarkube.kubelet.runtime;

import io.quarkube.kubelet.logs.ContainerLog;
import org.jboss.logging.Logger;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The container runs of the process runtime while they run: registered (with their pod's {@link SandboxState}, on
 * disk, so another agent can find them) once started or taken over, watched by the {@link RunMonitor} until their
 * launch script is gone, then ended: the exit read from what the script recorded (OOMKilled when its memory cgroup
 * counts an OOM kill), the rest of the command's session and cgroup killed (as a PID namespace would) and its cgroup
 * removed, the state updated, the handle completed. Stopping signals the run's processes,
 * looked up afresh at each signal.
 */
final class ContainerRuns {
    private static final Logger LOG = Logger.getLogger(ContainerRuns.class);
    static final String OOM_KILLED = "OOMKilled";
    /** After the grace period and the SIGKILL of the command, the launch script itself, should it linger. */
    private static final Duration SCRIPT_KILL_DELAY = Duration.ofSeconds(3);

    private final Map<String, ContainerRun> runs = new ConcurrentHashMap<>();
    private final Map<String, SandboxState> sandboxes;
    private final RunMonitor monitor = new RunMonitor();
    private final ScheduledExecutorService timers;
    private final Clock clock;

    ContainerRuns(Map<String, SandboxState> sandboxes, ScheduledExecutorService timers, Clock clock) {
        this.sandboxes = sandboxes;
        this.timers = timers;
        this.clock = clock;
    }

    Optional<ContainerRun> get(String id) {
        return Optional.ofNullable(runs.get(id));
    }

    /** A run whose launch script this agent just started: watched from now on. */
    void started(ContainerRun run, ContainerLog log, Instant startedAt) {
        ContainerHandle handle = run.handle();
        // registered before anyone learns it started: stopContainer must always find the process
        runs.put(handle.id(), run);
        state(run).ifPresent(s -> s.addRun(new SandboxState.Run(handle.id(), handle.containerName(), run.pid(),
                run.startTime(), startedAt.toString(), null)));
        handle.markStarted(startedAt);
        monitor.watch(run, log, new long[]{0, 0}, () -> ended(run, startedAt));
    }

    /** A run an earlier agent started, still in the state: watched from where its output was copied to. */
    void adopted(ContainerRun run, ContainerLog log, Instant startedAt) {
        runs.put(run.handle().id(), run);
        run.handle().markStarted(startedAt);
        // one that ended while no agent watched is finished at the monitor's first look
        monitor.watch(run, log, run.files().readOffsets(), () -> ended(run, startedAt));
    }

    /** A simulated (command-less) run: it ends when stopped. {@code record} false when the state has it already. */
    void simulated(ContainerRun run, ContainerLog log, Instant startedAt, boolean record) {
        ContainerHandle handle = run.handle();
        runs.put(handle.id(), run);
        if (record) {
            state(run).ifPresent(s -> s.addRun(new SandboxState.Run(handle.id(), handle.containerName(), 0, 0,
                    startedAt.toString(), null)));
        }
        handle.exited().whenComplete((exit, e) -> {
            runs.remove(handle.id());
            log.close();
            if (exit != null) {
                state(run).ifPresent(s -> s.runEnded(handle.id(), exit));
            }
        });
        handle.markStarted(startedAt);
    }

    /** The launch script is gone and the run's output is in its log: report the exit, clean up behind it. */
    private void ended(ContainerRun run, Instant startedAt) {
        ContainerExit recorded;
        if (run.process() != null) {
            int code = 137;
            try {
                if (run.process().waitFor(2, TimeUnit.SECONDS)) {
                    code = run.process().exitValue();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            recorded = run.files().exit(code, startedAt, clock.instant());
        } else {
            recorded = run.files().exitWhileAway(startedAt, clock.instant());
        }
        List<Path> cgroups = CgroupDirs.runDirs(state(run).map(s -> s.data().cgroups()).orElse(null),
                run.handle().id());
        // the kernel killed a process of it at its memory limit: reported as the kubelet does
        boolean oom = CgroupDirs.oomKilled(cgroups, recorded.exitCode()) && !"StartError".equals(recorded.reason());
        ContainerExit exit = oom
                ? new ContainerExit(recorded.exitCode(), OOM_KILLED, null, recorded.startedAt(), recorded.finishedAt())
                : recorded;
        // what the command left behind in its session (and its cgroup) goes with it, as with a PID namespace
        Signals.signalAll(Signals.runProcesses(run.pid(), run.commandPid()), true);
        CgroupDirs.removeRun(cgroups);
        state(run).ifPresent(s -> s.runEnded(run.handle().id(), exit));
        run.files().delete();
        runs.remove(run.handle().id());
        run.handle().markExited(exit);
    }

    /** SIGTERM to the run's processes, SIGKILL to whatever is left of them after the grace period. */
    CompletableFuture<ContainerExit> stop(ContainerHandle handle, Duration grace) {
        if (handle.exited().isDone()) {
            return handle.exited();
        }
        ContainerRun run = runs.get(handle.id());
        if (run == null || run.simulated()) {
            // simulated container: it stops at once, cleanly
            handle.markExited(ContainerExit.of(0, handle.started().join(), clock.instant()));
            return handle.exited();
        }
        Signals.signalAll(Signals.runProcesses(run.pid(), run.commandPid()), false);
        timers.schedule(() -> {
            if (!handle.exited().isDone()) {
                // looked up again: whatever was forked since SIGTERM goes too
                Signals.signalAll(Signals.runProcesses(run.pid(), run.commandPid()), true);
            }
        }, Math.max(0, grace.toMillis()), TimeUnit.MILLISECONDS);
        timers.schedule(() -> {
            if (!handle.exited().isDone()) {
                Signals.send(run.pid(), run.startTime(), true);
            }
        }, Math.max(0, grace.plus(SCRIPT_KILL_DELAY).toMillis()), TimeUnit.MILLISECONDS);
        return handle.exited();
    }

    /** Stops every run (the agent shuts down), waiting at most the grace period and a little more. */
    void stopAll(Duration grace) {
        List<CompletableFuture<ContainerExit>> stopping = new ArrayList<>();
        runs.values().forEach(run -> stopping.add(stop(run.handle(), grace)));
        try {
            CompletableFuture.allOf(stopping.toArray(CompletableFuture[]::new))
                    .get(grace.plus(SCRIPT_KILL_DELAY).toMillis() + 1_000, TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            LOG.warnf("some containers did not stop at shutdown: %s", e.toString());
        }
        monitor.close();
    }

    /** Forgets every run without stopping it (see ProcessRuntime#abandon). */
    void abandon() {
        monitor.abandon();
        runs.clear();
    }

    /** The command's PID, waiting up to 2 s for a run that is still launching (tests and diagnostics). */
    Optional<Long> commandPid(String id) {
        ContainerRun run = runs.get(id);
        if (run == null || run.simulated()) {
            return Optional.empty();
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
        while (run.commandPid() == 0 && System.nanoTime() < deadline && !run.handle().exited().isDone()) {
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        long pid = run.commandPid();
        return pid == 0 ? Optional.empty() : Optional.of(pid);
    }

    private Optional<SandboxState> state(ContainerRun run) {
        return Optional.ofNullable(sandboxes.get(run.sandbox().uid()));
    }
}
