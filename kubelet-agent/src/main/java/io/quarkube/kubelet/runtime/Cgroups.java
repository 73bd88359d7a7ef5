package io.quarkube.kubelet.runtime;

import org.jboss.logging.Logger;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Resource limits of the process runtime, with the kubelet's cgroupfs layout: a pod cgroup {@code quarkube/pod<uid>}
 * and under it one cgroup per container run (named after the run id), whose memory limit is the container's
 * {@code limits.memory} and cpu quota its {@code limits.cpu} (period 100 ms). The launcher moves the command into the
 * run's cgroups before exec ({@link ContainerLauncher}); when the run ends, an oom_kill counted in its memory cgroup
 * makes it OOMKilled. With cgroup v1 the hierarchy is made in the memory (and cpu) hierarchy under the agent's own
 * cgroup, or under the root when that is not writable; with a v2-only host under the unified root. Found once at
 * start by trying it; when nothing works, {@link #none} says why and limits are not enforced. {@link CgroupDirs}
 * operates on the pod and run cgroups themselves.
 */
final class Cgroups {
    private static final Logger LOG = Logger.getLogger(Cgroups.class);
    private static final Path ROOT = Path.of("/sys/fs/cgroup");

    private final List<Path> bases; // quarkube dirs: v1 memory then cpu, or the one v2 dir; empty when unavailable
    private final String description;

    private Cgroups(List<Path> bases, String description) {
        this.bases = bases;
        this.description = description;
    }

    static Cgroups none(String why) {
        return new Cgroups(List.of(), "unavailable (" + why + "): resource limits are not enforced");
    }

    boolean available() {
        return !bases.isEmpty();
    }

    String description() {
        return description;
    }

    /** Tries v2 when /sys/fs/cgroup is the unified hierarchy, else the v1 memory (and cpu) hierarchies. */
    static Cgroups detect() {
        try {
            if (Files.exists(ROOT.resolve("cgroup.controllers"))) {
                Path base = ROOT.resolve("quarkube");
                String controllers = Files.readString(ROOT.resolve("cgroup.controllers"));
                if (!controllers.contains("memory")) {
                    return none("cgroup v2 without the memory controller");
                }
                CgroupDirs.write(ROOT.resolve("cgroup.subtree_control"),
                        controllers.contains("cpu") ? "+memory +cpu" : "+memory");
                Files.createDirectories(base);
                CgroupDirs.enableChildren(base);
                probe(base, "memory.max");
                return new Cgroups(List.of(base), "memory v2 at " + base);
            }
            Path memory = ROOT.resolve("memory");
            if (!Files.exists(memory.resolve("memory.limit_in_bytes"))) {
                return none("no cgroup v1 memory hierarchy at " + memory + " and no cgroup v2");
            }
            Path memBase = writableBase(memory, own("memory"), "memory.limit_in_bytes");
            Optional<Path> cpuBase = Optional.empty();
            if (Files.exists(ROOT.resolve("cpu/cpu.cfs_quota_us"))) {
                try {
                    cpuBase = Optional.of(writableBase(ROOT.resolve("cpu"), own("cpu"), "cpu.cfs_quota_us"));
                } catch (IOException e) {
                    LOG.debugf("no cpu cgroup: %s", e.getMessage());
                }
            }
            List<Path> bases = new ArrayList<>(List.of(memBase));
            cpuBase.ifPresent(bases::add);
            return new Cgroups(List.copyOf(bases), "memory v1 at " + memBase
                    + cpuBase.map(c -> ", cpu at " + c).orElse(", no cpu quota"));
        } catch (IOException | RuntimeException e) {
            return none(e.getMessage());
        }
    }

    /** {@code quarkube} under the agent's own cgroup of the hierarchy, else under its root. */
    private static Path writableBase(Path mount, String own, String limitFile) throws IOException {
        IOException first = null;
        for (Path candidate : List.of(mount.resolve(own.replaceFirst("^/", "")).resolve("quarkube"),
                mount.resolve("quarkube"))) {
            try {
                Files.createDirectories(candidate);
                probe(candidate, limitFile);
                return candidate;
            } catch (IOException e) {
                first = first == null ? e : first;
            }
        }
        throw first;
    }

    /** A child cgroup whose limit can be written and which can be removed again. */
    private static void probe(Path base, String limitFile) throws IOException {
        Path test = base.resolve("probe-" + UUID.randomUUID().toString().substring(0, 8));
        Files.createDirectory(test);
        try {
            CgroupDirs.write(test.resolve(limitFile), limitFile.startsWith("cpu") ? "50000" : "67108864");
        } finally {
            Files.delete(test);
        }
    }

    /** The agent's cgroup path in a v1 hierarchy, from /proc/self/cgroup ("/" when not listed). */
    private static String own(String controller) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/cgroup"))) {
            String[] parts = line.split(":", 3);
            if (parts.length == 3 && List.of(parts[1].split(",")).contains(controller)) {
                return parts[2];
            }
        }
        return "/";
    }

    /** The pod's cgroups (one per hierarchy), created now; empty when cgroups are unavailable. */
    List<Path> createPod(String uid) throws IOException {
        List<Path> dirs = new ArrayList<>();
        for (Path base : bases) {
            Path dir = Files.createDirectories(base.resolve("pod" + uid));
            if (Files.exists(dir.resolve("cgroup.subtree_control"))) {
                CgroupDirs.enableChildren(dir);
            }
            dirs.add(dir);
        }
        return dirs;
    }

    /**
     * At start: pod cgroups under this agent's bases whose pod has no dir in the work dir ({@code known}) and in
     * which nothing runs any more are left from pods that are gone; they are removed.
     */
    void removeStale(Set<String> known) {
        for (Path base : bases) {
            try (var pods = Files.list(base)) {
                pods.filter(Files::isDirectory).filter(p -> p.getFileName().toString().startsWith("pod"))
                        .filter(p -> !known.contains(p.getFileName().toString().substring(3)))
                        .filter(p -> !CgroupDirs.hasProcesses(p))
                        .forEach(p -> {
                            CgroupDirs.removePod(List.of(p.toString()));
                            LOG.infof("removed the stale cgroup %s of a pod that is gone", p);
                        });
            } catch (IOException e) {
                LOG.debugf("cannot list %s: %s", base, e.getMessage());
            }
        }
    }

    /** Removes this agent's (empty) quarkube dirs at shutdown, so that its own cgroup can go. */
    void close() {
        for (Path base : bases) {
            try {
                Files.deleteIfExists(base);
            } catch (IOException e) {
                // another agent's pods are still in it
            }
        }
    }
}
