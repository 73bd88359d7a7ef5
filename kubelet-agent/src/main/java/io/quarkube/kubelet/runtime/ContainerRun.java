package io.quarkube.kubelet.runtime;

import java.util.List;
import java.util.Map;

/**
 * One run of a container as the process runtime knows it: what exec needs to enter it again, and which process is
 * its launch script ({@code pid} and {@code startTime} from /proc; 0 for a simulated, command-less container).
 * {@code process} is that script when this agent started it (its exit status is then known even if the script
 * died before recording the command's), null when the run was taken over from an earlier agent.
 */
record ContainerRun(ContainerHandle handle, PodSandbox sandbox, Map<String, String> env,
                    List<VolumeMounts.Mount> mounts, String workingDir, List<String> command, LaunchFiles files,
                    long pid, long startTime, Process process) {

    ContainerRun(ContainerHandle handle, PodSandbox sandbox, Map<String, String> env, List<VolumeMounts.Mount> mounts,
                 String workingDir, List<String> command, LaunchFiles files) {
        this(handle, sandbox, env, mounts, workingDir, command, files, 0, 0, null);
    }

    ContainerRun withProcess(Process started, long start) {
        return new ContainerRun(handle, sandbox, env, mounts, workingDir, command, files, started.pid(), start, started);
    }

    ContainerRun adopted(long adoptedPid, long start) {
        return new ContainerRun(handle, sandbox, env, mounts, workingDir, command, files, adoptedPid, start, null);
    }

    boolean simulated() {
        return pid == 0;
    }

    /** The command's PID once the launcher wrote it, else 0. */
    long commandPid() {
        return files.commandPid().orElse(0);
    }
}
