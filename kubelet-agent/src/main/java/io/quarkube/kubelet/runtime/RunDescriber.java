package io.quarkube.kubelet.runtime;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.quarkube.kubelet.node.LocalNodes;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * What a run of a container is in the process runtime, from the pod spec: its environment (with the Downward API),
 * its mounts (plus the pod's /etc files with namespaces), working directory, expanded command and run files. The
 * same for a new run and for one taken over from an earlier agent (exec needs it again).
 */
final class RunDescriber {
    private final PodDirs dirs;
    private final ContainerEnvironment environment;
    private final VolumeMounts volumes;
    private final boolean namespaces;
    private final OptionalInt owner;

    RunDescriber(PodDirs dirs, ContainerEnvironment environment, VolumeMounts volumes, boolean namespaces,
                 OptionalInt owner) {
        this.dirs = dirs;
        this.environment = environment;
        this.volumes = volumes;
        this.namespaces = namespaces;
        this.owner = owner;
    }

    ContainerRun describe(ContainerHandle handle, PodSandbox sandbox, Pod pod, Container container)
            throws IOException, ContainerConfigException {
        Map<String, String> env = environment.build(pod, container, view(sandbox, pod));
        List<VolumeMounts.Mount> mounts = volumes.of(pod, container, env, owner);
        if (namespaces) {
            mounts = PodEtcFiles.addTo(mounts, sandbox.dir());
        }
        String workingDir = container.getWorkingDir() == null || container.getWorkingDir().isEmpty()
                ? sandbox.dir().toString() : container.getWorkingDir();
        List<String> command = new ArrayList<>(Objects.requireNonNullElse(container.getCommand(), List.of()));
        command.addAll(Objects.requireNonNullElse(container.getArgs(), List.of()));
        command.replaceAll(arg -> VarExpansion.expand(arg, env));
        return new ContainerRun(handle, sandbox, env, mounts, workingDir, command, files(sandbox, handle));
    }

    /** A run known only by its ID (its spec no longer describes it): enough to watch and stop it, not to exec. */
    ContainerRun bare(ContainerHandle handle, PodSandbox sandbox) {
        return new ContainerRun(handle, sandbox, Map.of(), List.of(), sandbox.dir().toString(), List.of(),
                files(sandbox, handle));
    }

    private LaunchFiles files(PodSandbox sandbox, ContainerHandle handle) {
        return LaunchFiles.in(dirs.runDir(sandbox.uid()), handle.id());
    }

    private ContainerEnvironment.PodView view(PodSandbox sandbox, Pod pod) {
        // what `hostname` prints in the container; the fallback keeps the pod name, as before namespaces
        String hostname = namespaces ? PodNamespaces.hostnameSeenBy(pod) : sandbox.name();
        return new ContainerEnvironment.PodView(sandbox.podIP(), LocalNodes.HOST_IP, hostname, sandbox.dir().toString());
    }
}
