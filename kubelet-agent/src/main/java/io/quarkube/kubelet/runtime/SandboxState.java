package io.quarkube.kubelet.runtime;

import io.quarkube.api.json.Json;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What a pod's sandbox is made of on this host, kept in {@code <pod dir>/run/state.json} so that the next agent can
 * take it over after a crash: the holder (PID and start time, from /proc/PID/stat, so a reused PID is never taken
 * for it) and per container run the launch script's PID and start time and when the run started. Rewritten whole
 * (atomically) on every change; every method is synchronized on the one object per pod.
 */
final class SandboxState {
    static final String FILE = "state.json";

    /**
     * The JSON form. holderPid 0: no holder (the fallback without namespaces). cgroups: the pod's cgroup dirs (one
     * per hierarchy; each run's is under them, named after the run id), empty without cgroups, null in older files.
     */
    record Data(String uid, String namespace, String name, String nodeName, String podIP, long holderPid,
                long holderStart, boolean userNamespace, boolean ownNetwork, List<Run> runs, List<String> cgroups) {
    }

    /**
     * One container run, the latest of its container. pid 0: a simulated (command-less) container, which has no
     * process. {@code exit} is set once it ended, so that an agent that missed the end still reports it.
     */
    record Run(String id, String container, long pid, long start, String startedAt, Exit exit) {
        Run ended(ContainerExit e) {
            return new Run(id, container, pid, start, startedAt, new Exit(e.exitCode(), e.reason(), e.message(),
                    e.finishedAt().toString()));
        }
    }

    record Exit(int exitCode, String reason, String message, String finishedAt) {
        ContainerExit toExit(Instant startedAt) {
            return new ContainerExit(exitCode, reason, message, startedAt, Instant.parse(finishedAt));
        }
    }

    private final Path file;
    private Data data;

    private SandboxState(Path file, Data data) {
        this.file = file;
        this.data = data;
    }

    static SandboxState create(Path runDir, Data data) throws IOException {
        Files.createDirectories(runDir);
        SandboxState state = new SandboxState(runDir.resolve(FILE), data);
        state.write();
        return state;
    }

    /** The state an earlier agent left in {@code runDir}, if any (unreadable counts as none). */
    static Optional<SandboxState> read(Path runDir) {
        Path file = runDir.resolve(FILE);
        try {
            Data data = Json.read(Files.readAllBytes(file), Data.class);
            return Optional.of(new SandboxState(file, data.runs() == null ? withRuns(data, List.of()) : data));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    synchronized Data data() {
        return data;
    }

    synchronized void addRun(Run run) {
        List<Run> runs = new ArrayList<>(data.runs());
        runs.removeIf(r -> r.container().equals(run.container()));
        runs.add(run);
        data = withRuns(data, runs);
        write();
    }

    /** Records how a run ended (it stays until its container's next run replaces it). */
    synchronized void runEnded(String id, ContainerExit exit) {
        List<Run> runs = new ArrayList<>(data.runs());
        runs.replaceAll(r -> r.id().equals(id) ? r.ended(exit) : r);
        data = withRuns(data, runs);
        write();
    }

    synchronized Optional<Run> run(String id) {
        return data.runs().stream().filter(r -> r.id().equals(id)).findFirst();
    }

    private static Data withRuns(Data d, List<Run> runs) {
        return new Data(d.uid(), d.namespace(), d.name(), d.nodeName(), d.podIP(), d.holderPid(), d.holderStart(),
                d.userNamespace(), d.ownNetwork(), List.copyOf(runs), d.cgroups());
    }

    private void write() {
        if (!Files.isDirectory(file.getParent())) {
            return; // the sandbox was removed meanwhile
        }
        Path tmp = file.resolveSibling(FILE + ".tmp");
        try {
            Files.write(tmp, Json.write(data));
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            // the pod dir went away under us; nothing to take over then
        }
    }
}
