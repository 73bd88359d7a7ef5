package io.quarkube.kubelet.runtime;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import org.jboss.logging.Logger;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * KWOK-style runtime for hollow nodes: no processes, no files. A container runs after the start delay; if the pod
 * carries {@value #EXIT_CODE} and/or {@value #RUN_SECONDS}, each container exits that long after starting with that
 * code (code 0 and 0 s when only the other one is given). Otherwise it runs until stopped, except init containers,
 * which complete with 0 at once so that the app containers can start.
 *
 * <p>An agent restart takes over what the pod's status reports, since there is nothing else: the sandbox with the
 * reported pod IP, each run with its container ID and start time; a run the annotations end exits at
 * startedAt + run time (at once if that has passed while no agent ran), not that long after the restart.
 */
public final class SimulatedRuntime implements ContainerRuntime {
    public static final String EXIT_CODE = "quarkube.io/simulated-exit-code";
    public static final String RUN_SECONDS = "quarkube.io/simulated-run-seconds";
    private static final Logger LOG = Logger.getLogger(SimulatedRuntime.class);

    private final ScheduledExecutorService timers;
    private final Clock clock;
    private final Duration startDelay;
    private final Map<String, ScheduledFuture<?>> timersById = new ConcurrentHashMap<>();

    public SimulatedRuntime(ScheduledExecutorService timers, Clock clock, Duration startDelay) {
        this.timers = timers;
        this.clock = clock;
        this.startDelay = startDelay;
    }

    @Override
    public String name() {
        return "simulated";
    }

    @Override
    public PodSandbox createSandbox(Pod pod, String nodeName, String podIP) {
        return new PodSandbox(pod.getMetadata().getUid(), pod.getMetadata().getNamespace(), pod.getMetadata().getName(),
                nodeName, podIP, Path.of("/nonexistent"));
    }

    @Override
    public ContainerHandle startContainer(PodSandbox sandbox, Pod pod, Container container) {
        ContainerHandle handle = new ContainerHandle(UUID.randomUUID().toString().replace("-", ""), container.getName());
        Script script = isInit(pod, container) ? Script.of(pod).forInit() : Script.of(pod);
        schedule(handle, startDelay, () -> {
            var startedAt = clock.instant();
            handle.markStarted(startedAt);
            if (script.exits()) {
                schedule(handle, script.runTime(),
                        () -> handle.markExited(ContainerExit.of(script.exitCode(), startedAt, clock.instant())));
            } else {
                timersById.remove(handle.id());
            }
        });
        handle.exited().whenComplete((exit, e) -> timersById.remove(handle.id()));
        return handle;
    }

    @Override
    public Optional<PodSandbox> adoptSandbox(Pod pod, String nodeName, String podIP) {
        return Optional.of(createSandbox(pod, nodeName, podIP));
    }

    @Override
    public Optional<ContainerHandle> adoptContainer(PodSandbox sandbox, Pod pod, Container container,
                                                    ReportedRun reported) {
        if (reported == null) {
            return Optional.empty();
        }
        ContainerHandle handle = new ContainerHandle(reported.containerId(), container.getName());
        Instant startedAt = reported.startedAt() != null ? reported.startedAt() : clock.instant();
        if (reported.exit() != null) {
            handle.markExited(reported.exit());
            return Optional.of(handle);
        }
        handle.markStarted(startedAt);
        Script script = isInit(pod, container) ? Script.of(pod).forInit() : Script.of(pod);
        if (script.exits()) {
            Instant endsAt = startedAt.plus(script.runTime());
            Duration left = Duration.between(clock.instant(), endsAt);
            schedule(handle, left.isNegative() ? Duration.ZERO : left,
                    () -> handle.markExited(ContainerExit.of(script.exitCode(), startedAt, endsAt)));
            handle.exited().whenComplete((exit, e) -> timersById.remove(handle.id()));
        }
        return Optional.of(handle);
    }

    @Override
    public CompletableFuture<ContainerExit> stopContainer(ContainerHandle handle, Duration gracePeriod) {
        ScheduledFuture<?> pending = timersById.remove(handle.id());
        if (pending != null) {
            pending.cancel(false);
        }
        var now = clock.instant();
        // A simulated container honours SIGTERM at once and exits cleanly.
        handle.markExited(ContainerExit.of(0, handle.started().getNow(now), now));
        return handle.exited();
    }

    /** Every command "succeeds": there is nothing to run it in. */
    @Override
    public ExecResult exec(PodSandbox sandbox, ContainerHandle container, List<String> command, Duration timeout) {
        return new ExecResult(0, "", false);
    }

    @Override
    public boolean simulatesNetwork() {
        return true;
    }

    @Override
    public void removeSandbox(PodSandbox sandbox) {
        // nothing on disk
    }

    @Override
    public void close() {
        timersById.values().forEach(f -> f.cancel(false));
        timersById.clear();
    }

    private static boolean isInit(Pod pod, Container container) {
        return Objects.requireNonNullElse(pod.getSpec().getInitContainers(), List.<Container>of()).stream()
                .anyMatch(c -> Objects.equals(c.getName(), container.getName()));
    }

    private void schedule(ContainerHandle handle, Duration delay, Runnable action) {
        timersById.put(handle.id(), timers.schedule(action, delay.toMillis(), TimeUnit.MILLISECONDS));
    }

    /** What the pod's annotations ask the simulated containers to do. */
    record Script(Integer exitCode, Duration runTime) {
        boolean exits() {
            return exitCode != null;
        }

        Script forInit() {
            return exits() ? this : new Script(0, Duration.ZERO);
        }

        static Script of(Pod pod) {
            Map<String, String> annotations = Objects.requireNonNullElse(pod.getMetadata().getAnnotations(), Map.of());
            String code = annotations.get(EXIT_CODE);
            String seconds = annotations.get(RUN_SECONDS);
            if (code == null && seconds == null) {
                return new Script(null, null);
            }
            try {
                int exitCode = code == null ? 0 : Integer.parseInt(code.trim());
                double runSeconds = seconds == null ? 0 : Double.parseDouble(seconds.trim());
                return new Script(exitCode, Duration.ofMillis(Math.round(Math.max(0, runSeconds) * 1000)));
            } catch (NumberFormatException e) {
                LOG.warnf("pod %s/%s: ignoring bad simulation annotations (%s)", pod.getMetadata().getNamespace(),
                        pod.getMetadata().getName(), e.getMessage());
                return new Script(null, null);
            }
        }
    }
}
