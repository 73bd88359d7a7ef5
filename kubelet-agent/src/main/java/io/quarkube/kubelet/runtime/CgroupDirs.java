package io.quarkube.kubelet.runtime;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Operations on existing pod and run cgroups ({@link Cgroups} has the layout): writing a container's limits,
 * reading whether the OOM killer struck, killing what is left and removing them. Which kind a directory is (v1
 * memory, v1 cpu, v2) is read from its control files, so they work on the dirs an earlier agent recorded too.
 */
final class CgroupDirs {
    private static final Logger LOG = Logger.getLogger(CgroupDirs.class);
    static final long CPU_PERIOD_US = 100_000;

    private CgroupDirs() {
    }

    /** The run's cgroups under the pod's, with the container's limits written; the pod's are made if missing. */
    static List<Path> createContainer(List<Path> podDirs, String runId, Container container) throws IOException {
        Optional<Long> memory = limit(container, "memory").map(q -> q.setScale(0, RoundingMode.CEILING).longValue());
        Optional<Long> quota = limit(container, "cpu").map(q -> Math.max(1000L,
                q.multiply(BigDecimal.valueOf(CPU_PERIOD_US)).setScale(0, RoundingMode.CEILING).longValue()));
        List<Path> dirs = new ArrayList<>();
        for (Path pod : podDirs) {
            if (!Files.isDirectory(pod)) {
                // removed meanwhile (a later agent's stale-cgroup sweep, or a graceful shutdown): made again
                Files.createDirectories(pod);
                if (Files.exists(pod.resolve("cgroup.subtree_control"))) {
                    enableChildren(pod);
                }
            }
            Path dir = Files.createDirectories(pod.resolve(runId));
            dirs.add(dir);
            if (Files.exists(dir.resolve("memory.limit_in_bytes")) && memory.isPresent()) {
                write(dir.resolve("memory.limit_in_bytes"), Long.toString(memory.get()));
            }
            if (Files.exists(dir.resolve("cpu.cfs_quota_us")) && quota.isPresent()) {
                write(dir.resolve("cpu.cfs_period_us"), Long.toString(CPU_PERIOD_US));
                write(dir.resolve("cpu.cfs_quota_us"), Long.toString(quota.get()));
            }
            if (Files.exists(dir.resolve("memory.max")) && memory.isPresent()) {
                write(dir.resolve("memory.max"), Long.toString(memory.get()));
                if (Files.exists(dir.resolve("memory.swap.max"))) {
                    write(dir.resolve("memory.swap.max"), "0");
                }
            }
            if (Files.exists(dir.resolve("cpu.max")) && quota.isPresent()) {
                write(dir.resolve("cpu.max"), quota.get() + " " + CPU_PERIOD_US);
            }
        }
        return dirs;
    }

    /** The run's cgroup dirs under the pod's recorded ones. */
    static List<Path> runDirs(List<String> podDirs, String runId) {
        return podDirs == null ? List.of() : podDirs.stream().map(d -> Path.of(d, runId)).toList();
    }

    /** True when the kernel's OOM killer killed a process of the run (v1 oom_control / v2 memory.events). */
    static boolean oomKilled(List<Path> runDirs, int exitCode) {
        for (Path dir : runDirs) {
            Optional<Long> kills = counter(dir.resolve("memory.oom_control"), "oom_kill")
                    .or(() -> counter(dir.resolve("memory.events"), "oom_kill"));
            if (kills.isPresent() && kills.get() > 0) {
                return true;
            }
            if (kills.isEmpty() && exitCode == 137 && Files.exists(dir.resolve("memory.failcnt"))) {
                // kernels before 4.13 count no oom_kill: a SIGKILL at the limit is the OOM killer's
                try {
                    return Long.parseLong(Files.readString(dir.resolve("memory.failcnt")).trim()) > 0;
                } catch (IOException | NumberFormatException e) {
                    return false;
                }
            }
        }
        return false;
    }

    /** Kills what is left in the run's cgroups and removes them. */
    static void removeRun(List<Path> runDirs) {
        runDirs.forEach(CgroupDirs::removeDir);
    }

    /** Removes the pod's cgroups: each run's (killing what is left in it), then the pod's. */
    static void removePod(List<String> podDirs) {
        if (podDirs == null) {
            return;
        }
        for (String pod : podDirs) {
            Path dir = Path.of(pod);
            if (!Files.isDirectory(dir)) {
                continue;
            }
            try (var children = Files.list(dir)) {
                children.filter(Files::isDirectory).forEach(CgroupDirs::removeDir);
            } catch (IOException e) {
                // gone meanwhile
            }
            removeDir(dir);
        }
    }


    static boolean hasProcesses(Path dir) {
        try (var all = Files.walk(dir)) {
            return all.filter(p -> p.getFileName().toString().equals("cgroup.procs")).anyMatch(p -> {
                try {
                    return !Files.readString(p).isBlank();
                } catch (IOException e) {
                    return false;
                }
            });
        } catch (IOException e) {
            return true;
        }
    }

    /** SIGKILL to every process in the cgroup, then rmdir, retried while they exit (at most ~1 s). */
    private static void removeDir(Path dir) {
        for (int attempt = 0; attempt < 50 && Files.isDirectory(dir); attempt++) {
            try {
                for (String pid : Files.readAllLines(dir.resolve("cgroup.procs"))) {
                    if (!pid.isBlank()) {
                        ProcessHandle.of(Long.parseLong(pid.trim())).ifPresent(ProcessHandle::destroyForcibly);
                    }
                }
                Files.delete(dir);
                return;
            } catch (IOException | RuntimeException e) {
                sleep();
            }
        }
        if (Files.isDirectory(dir)) {
            LOG.warnf("could not remove the cgroup %s", dir);
        }
    }

    private static Optional<BigDecimal> limit(Container container, String resource) {
        ResourceRequirements resources = container.getResources();
        Quantity q = resources == null || resources.getLimits() == null ? null : resources.getLimits().get(resource);
        return q == null ? Optional.empty() : Optional.of(q.getNumericalAmount());
    }

    private static Optional<Long> counter(Path file, String name) {
        try {
            for (String line : Files.readAllLines(file)) {
                String[] parts = line.trim().split("\\s+");
                if (parts.length == 2 && parts[0].equals(name)) {
                    return Optional.of(Long.parseLong(parts[1]));
                }
            }
        } catch (IOException | NumberFormatException e) {
            // no such file: another kind of cgroup
        }
        return Optional.empty();
    }

    /** v2: lets the children of {@code dir} have the memory (and cpu) controllers it has. */
    static void enableChildren(Path dir) throws IOException {
        String controllers = Files.readString(dir.resolve("cgroup.controllers"));
        write(dir.resolve("cgroup.subtree_control"), controllers.contains("cpu") ? "+memory +cpu" : "+memory");
    }

    static void write(Path file, String value) throws IOException {
        Files.writeString(file, value);
    }

    private static void sleep() {
        try {
            Thread.sleep(20);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
