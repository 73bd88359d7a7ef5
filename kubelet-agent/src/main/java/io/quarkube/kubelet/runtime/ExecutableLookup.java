package io.quarkube.kubelet.runtime;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Finds a container's executable as it will see it (through its volume mounts) before it starts, so that a missing
 * one is a StartError with runc's message, as in Kubernetes, rather than an exit code from the launcher.
 */
final class ExecutableLookup {

    private ExecutableLookup() {
    }

    /** Why {@code executable} cannot be run, or empty when it can be found. */
    static Optional<String> problem(String executable, Map<String, String> env, String workingDir,
                                    List<VolumeMounts.Mount> mounts) {
        if (executable.contains("/")) {
            String path = Path.of(workingDir).resolve(executable).normalize().toString();
            return runnable(hostPath(path, mounts)) ? Optional.empty()
                    : Optional.of("exec: \"" + executable + "\": stat " + executable + ": no such file or directory");
        }
        for (String dir : env.getOrDefault("PATH", "").split(":")) {
            if (!dir.isEmpty() && runnable(hostPath(Path.of(dir).resolve(executable).toString(), mounts))) {
                return Optional.empty();
            }
        }
        return Optional.of("exec: \"" + executable + "\": executable file not found in $PATH");
    }

    /** The host path behind a path of the container's view: under the deepest mount holding it, else itself. */
    static Path hostPath(String containerPath, List<VolumeMounts.Mount> mounts) {
        VolumeMounts.Mount best = null;
        for (VolumeMounts.Mount mount : mounts) {
            String root = mount.containerPath();
            boolean inside = containerPath.equals(root) || containerPath.startsWith(root.endsWith("/") ? root : root + "/");
            if (inside && (best == null || root.length() > best.containerPath().length())) {
                best = mount;
            }
        }
        if (best == null) {
            return Path.of(containerPath);
        }
        String rest = containerPath.substring(best.containerPath().length()).replaceFirst("^/", "");
        return rest.isEmpty() ? best.hostPath() : best.hostPath().resolve(rest);
    }

    private static boolean runnable(Path path) {
        return Files.isRegularFile(path) && Files.isExecutable(path);
    }
}
