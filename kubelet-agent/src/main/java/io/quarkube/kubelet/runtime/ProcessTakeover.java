package io.quarkube.kubelet.runtime;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.quarkube.kubelet.logs.ContainerLog;
import io.quarkube.kubelet.logs.ContainerLogs;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.Comparator;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What an agent finds on start of the sandboxes an earlier agent left in the work dir, through their state files
 * ({@link SandboxState}): a sandbox whose holder is still that very process (PID and start time) is taken over
 * with its runs; one that cannot be (its holder died, or the isolation mode changed) is stopped before its pod gets
 * a new one; one whose pod is gone or no longer on this agent's nodes is stopped and removed (orphan cleanup),
 * its cgroups too.
 */
final class ProcessTakeover {
    private static final Logger LOG = Logger.getLogger(ProcessTakeover.class);
    private static final long LEFTOVER_GRACE_MS = 2_000;

    private final PodDirs dirs;
    private final PodNamespaces namespaces; // null without namespaces
    private final Clock clock;
    private final RunDescriber describer;
    private final ContainerLogs logs;
    private final ContainerRuns runs;

    ProcessTakeover(PodDirs dirs, PodNamespaces namespaces, Clock clock, RunDescriber describer, ContainerLogs logs,
                    ContainerRuns runs) {
        this.dirs = dirs;
        this.namespaces = namespaces;
        this.clock = clock;
        this.describer = describer;
        this.logs = logs;
        this.runs = runs;
    }

    /** The pod's sandbox state if its sandbox can be taken over as it is (its holder registered as ours). */
    Optional<SandboxState> adoptSandbox(Pod pod) {
        String uid = pod.getMetadata().getUid();
        Optional<SandboxState> state = SandboxState.read(dirs.runDir(uid));
        if (state.isEmpty()) {
            return Optional.empty();
        }
        SandboxState.Data data = state.get().data();
        if (namespaces == null) {
            return data.holderPid() == 0 ? state : Optional.empty();
        }
        Optional<PodHolder> holder = data.holderPid() == 0 ? Optional.empty()
                : PodHolder.adopt(data.holderPid(), data.holderStart(), data.userNamespace(), data.ownNetwork());
        if (holder.isEmpty()) {
            return Optional.empty();
        }
        namespaces.adopt(uid, holder.get(), data.podIP());
        return state;
    }

    /**
     * Takes over the container's latest run in the adopted sandbox (see {@link #latestRun}): an ended one as it
     * ended, a running one watched again from where its output was copied to, with its log continued.
     */
    Optional<ContainerHandle> adoptContainer(SandboxState state, PodSandbox sandbox, Pod pod, Container container,
                                             ReportedRun reported) {
        Optional<SandboxState.Run> found = latestRun(state, container.getName(), reported);
        if (found.isEmpty()) {
            return Optional.empty();
        }
        SandboxState.Run known = found.get();
        ContainerHandle handle = new ContainerHandle(known.id(), container.getName());
        Instant startedAt = Instant.parse(known.startedAt());
        if (known.exit() != null) {
            handle.markExited(known.exit().toExit(startedAt));
            return Optional.of(handle);
        }
        ContainerRun run;
        try {
            run = describer.describe(handle, sandbox, pod, container);
        } catch (ContainerConfigException | IOException e) {
            run = describer.bare(handle, sandbox); // it started once, so it runs: only exec loses its environment
        }
        try {
            ContainerLog log = logs.resume(dirs.logFile(sandbox.uid(), container.getName()));
            if (known.pid() == 0) {
                runs.simulated(run, log, startedAt, false);
            } else {
                runs.adopted(run.adopted(known.pid(), known.start()), log, startedAt);
            }
            return Optional.of(handle);
        } catch (IOException e) {
            LOG.warnf("cannot take over container %s of pod %s: %s", container.getName(), sandbox.fullName(),
                    e.getMessage());
            return Optional.empty();
        }
    }

    /**
     * The run of the container to take over: the reported one if the state knows it, else the container's latest
     * run in the state if it is a later one (the earlier agent restarted the container and died before reporting
     * it). A reported run the state does not know is not found (it belongs to a sandbox before this one).
     */
    Optional<SandboxState.Run> latestRun(SandboxState state, String container, ReportedRun reported) {
        Optional<SandboxState.Run> latest = state.data().runs().stream()
                .filter(r -> r.container().equals(container)).reduce((a, b) -> b);
        if (reported == null) {
            return latest;
        }
        Optional<SandboxState.Run> same = state.run(reported.containerId());
        if (same.isPresent()) {
            return same;
        }
        return latest.filter(r -> reported.startedAt() == null || Instant.parse(r.startedAt())
                .isAfter(reported.startedAt()));
    }

    /** UIDs of pod dirs in the work dir that are none of {@code known}. */
    Set<String> leftovers(Set<String> known) {
        Path pods = dirs.podDir("x").getParent();
        if (!Files.isDirectory(pods)) {
            return Set.of();
        }
        try (var list = Files.list(pods)) {
            return list.filter(Files::isDirectory).map(p -> p.getFileName().toString())
                    .filter(uid -> !known.contains(uid)).collect(Collectors.toSet());
        } catch (IOException e) {
            return Set.of();
        }
    }

    /** Stops and deletes a pod's leftover sandbox, saying so. */
    void removeLeftover(String uid) {
        Path dir = dirs.podDir(uid);
        if (!Files.exists(dir)) {
            return;
        }
        Optional<SandboxState> state = SandboxState.read(dirs.runDir(uid));
        String name = state.map(s -> s.data().namespace() + "/" + s.data().name()).orElse(uid);
        int stopped = stopLeftover(uid);
        deleteDir(dir, name);
        LOG.infof("removed the sandbox of pod %s (uid %s) left by an earlier agent, %d container(s) stopped: the "
                + "pod no longer exists or no longer runs on this agent's nodes", name, uid, stopped);
    }

    /**
     * Stops what is left running of a pod's earlier sandbox (its runs, then its holder and veth); the pod dir and
     * its volumes stay. Returns how many runs were still running.
     */
    int stopLeftover(String uid) {
        Optional<SandboxState> state = SandboxState.read(dirs.runDir(uid));
        if (state.isEmpty()) {
            return 0;
        }
        SandboxState.Data data = state.get().data();
        int stopped = 0;
        for (SandboxState.Run run : data.runs()) {
            if (run.exit() == null && ProcStat.isRunning(run.pid(), run.start())) {
                stopped++;
                long command = LaunchFiles.in(dirs.runDir(uid), run.id()).commandPid().orElse(0);
                Signals.signalAll(Signals.runProcesses(run.pid(), command), false);
                if (!Signals.awaitGone(run.pid(), run.start(), LEFTOVER_GRACE_MS)) {
                    Signals.signalAll(Signals.runProcesses(run.pid(), command), true);
                    Signals.terminate(run.pid(), run.start(), 0);
                }
                Signals.signalAll(Signals.runProcesses(run.pid(), command), true);
                state.get().runEnded(run.id(), ContainerExit.of(137, Instant.parse(run.startedAt()),
                        clock.instant()));
            }
            LaunchFiles.in(dirs.runDir(uid), run.id()).delete();
        }
        if (namespaces != null) {
            namespaces.removeLeftover(uid, data.holderPid(), data.holderStart());
        } else if (data.holderPid() > 0) {
            Signals.terminate(data.holderPid(), data.holderStart(), LEFTOVER_GRACE_MS);
        }
        CgroupDirs.removePod(data.cgroups());
        return stopped;
    }

    static void deleteDir(Path dir, String podName) {
        if (!Files.exists(dir)) {
            return;
        }
        try (var paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            LOG.warnf("could not remove the work dir of pod %s: %s", podName, e.getMessage());
        }
    }
}
