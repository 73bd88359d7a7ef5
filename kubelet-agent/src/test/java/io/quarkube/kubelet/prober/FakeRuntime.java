package io.quarkube.kubelet.prober;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.quarkube.kubelet.runtime.ContainerExit;
import io.quarkube.kubelet.runtime.ContainerHandle;
import io.quarkube.kubelet.runtime.ContainerRuntime;
import io.quarkube.kubelet.runtime.ExecResult;
import io.quarkube.kubelet.runtime.PodSandbox;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;

/**
 * A runtime for schedule tests: containers run the moment they start and exit the moment they are stopped (with
 * {@link #killExitCode}); exec answers come from {@link #exec}. Every call is logged as "start c", "stop c 5s",
 * "exec c [cmd]", in order.
 */
public final class FakeRuntime implements ContainerRuntime {
    public final List<String> log = new CopyOnWriteArrayList<>();
    public final Map<String, ContainerHandle> latest = new ConcurrentHashMap<>();
    /** (container name, command) -> result; by default every command succeeds. */
    public volatile BiFunction<String, List<String>, ExecResult> exec = (name, command) -> new ExecResult(0, "", false);
    public volatile int killExitCode = 137;
    /** Non-null: containers cannot be created, as for an unsupported env source (CreateContainerConfigError). */
    public volatile String configError;
    /** False: a stopped container keeps running until the test calls {@link #exit}. */
    public volatile boolean exitOnStop = true;
    private final Clock clock;
    private final boolean simulated;
    private final AtomicInteger ids = new AtomicInteger();

    public FakeRuntime(Clock clock, boolean simulated) {
        this.clock = clock;
        this.simulated = simulated;
    }

    /** A started run of a container, outside any pod worker (for prober tests). */
    public ContainerHandle run(String name) {
        ContainerHandle handle = new ContainerHandle(name + "-" + ids.incrementAndGet(), name);
        handle.markStarted(clock.instant());
        latest.put(name, handle);
        return handle;
    }

    /** The latest run of {@code name} ends by itself. */
    public void exit(String name, int code) {
        ContainerHandle handle = latest.get(name);
        handle.markExited(ContainerExit.of(code, handle.started().join(), clock.instant()));
    }

    public long count(String prefix) {
        return log.stream().filter(line -> line.startsWith(prefix)).count();
    }

    @Override
    public String name() {
        return simulated ? "simulated" : "fake";
    }

    @Override
    public PodSandbox createSandbox(Pod pod, String nodeName, String podIP) {
        return new PodSandbox(pod.getMetadata().getUid(), pod.getMetadata().getNamespace(),
                pod.getMetadata().getName(), nodeName, podIP, Path.of("/nonexistent"));
    }

    @Override
    public ContainerHandle startContainer(PodSandbox sandbox, Pod pod, Container container) {
        log.add("start " + container.getName());
        if (configError != null) {
            ContainerHandle handle = new ContainerHandle(container.getName() + "-" + ids.incrementAndGet(),
                    container.getName());
            handle.markExited(ContainerExit.configError(configError, clock.instant()));
            return handle;
        }
        return run(container.getName());
    }

    @Override
    public CompletableFuture<ContainerExit> stopContainer(ContainerHandle handle, Duration gracePeriod) {
        log.add("stop " + handle.containerName() + " " + gracePeriod.toSeconds() + "s");
        if (exitOnStop && !handle.exited().isDone()) {
            handle.markExited(ContainerExit.of(killExitCode, handle.started().join(), clock.instant()));
        }
        return handle.exited();
    }

    @Override
    public ExecResult exec(PodSandbox sandbox, ContainerHandle container, List<String> command, Duration timeout) {
        log.add("exec " + container.containerName() + " " + command);
        return exec.apply(container.containerName(), command);
    }

    @Override
    public boolean simulatesNetwork() {
        return simulated;
    }

    @Override
    public void removeSandbox(PodSandbox sandbox) {
    }

    @Override
    public void close() {
    }
}
