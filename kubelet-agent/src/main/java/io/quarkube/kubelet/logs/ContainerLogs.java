package io.quarkube.kubelet.logs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The container logs of this agent: the runtime starts one per container run, the log endpoint asks which are
 * still being written (to follow them) and where the previous run's log is. One file per container,
 * {@code <container>.log}; a restart keeps the last run's as {@code <container>.log.1}, as the kubelet keeps the
 * previous container instance for {@code kubectl logs --previous}.
 */
public final class ContainerLogs {
    private final Clock clock;
    private final Map<Path, ContainerLog> writing = new ConcurrentHashMap<>();

    public ContainerLogs(Clock clock) {
        this.clock = clock;
    }

    /** Starts the log of a new run of the container whose log is {@code file}. */
    public ContainerLog start(Path file) throws IOException {
        if (Files.exists(file)) {
            Files.move(file, previous(file), StandardCopyOption.REPLACE_EXISTING);
        }
        ContainerLog log = ContainerLog.open(file, clock);
        writing.put(file, log);
        log.closed().whenComplete((v, e) -> writing.remove(file, log));
        return log;
    }

    /**
     * Continues the log of a run that an earlier agent started (and this one took over): appended to, not moved
     * aside, since it is the same run.
     */
    public ContainerLog resume(Path file) throws IOException {
        ContainerLog log = ContainerLog.open(file, clock);
        writing.put(file, log);
        log.closed().whenComplete((v, e) -> writing.remove(file, log));
        return log;
    }

    /** The log being written to {@code file} now, if its container still runs. */
    public Optional<ContainerLog> writing(Path file) {
        return Optional.ofNullable(writing.get(file)).filter(ContainerLog::isOpen);
    }

    /** Where the previous run's log of the container whose log is {@code file} is kept. */
    public static Path previous(Path file) {
        return file.resolveSibling(file.getFileName() + ".1");
    }
}
