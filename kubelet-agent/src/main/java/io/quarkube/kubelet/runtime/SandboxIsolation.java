package io.quarkube.kubelet.runtime;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;

/**
 * What isolation this host gives pods, found once when the runtime starts by trying it: a namespace set with
 * {@code unshare}, a bridge with {@code ip}, and (if wanted) a user namespace with an id map and {@code nsenter}
 * into it. {@code tools} is null when namespaces are not used. Whether cgroups enforce resource limits is found
 * alongside ({@link Cgroups}).
 */
record SandboxIsolation(boolean namespaces, boolean userNamespaces, String description, HostTools tools,
                        Cgroups cgroups) {

    /** The namespaces found, and cgroups (for resource limits, in every mode), both in the description. */
    static SandboxIsolation detect(ProcessRuntimeOptions options) {
        SandboxIsolation found = detectNamespaces(options);
        Cgroups cgroups = Cgroups.detect();
        return new SandboxIsolation(found.namespaces, found.userNamespaces, found.description + "; cgroups: "
                + cgroups.description(), found.tools, cgroups);
    }

    private static SandboxIsolation detectNamespaces(ProcessRuntimeOptions options) {
        if (options.isolation() == ProcessIsolation.NONE) {
            return none("quarkube.kubelet.process.isolation=none");
        }
        HostTools tools;
        try {
            tools = HostTools.find();
            long uid = Files.readAllLines(Path.of("/proc/self/status")).stream().filter(l -> l.startsWith("Uid:"))
                    .map(l -> Long.parseLong(l.split("\\s+")[2])).findFirst().orElse(-1L);
            if (uid != 0) {
                throw new IOException("the agent does not run as root (uid " + uid + ")");
            }
            HostTools.run(tools.unshare(), "--net", "--uts", "--ipc", "--mount", "--", tools.sh(), "-c", "true");
            String bridge = "qkp" + UUID.randomUUID().toString().substring(0, 8);
            HostTools.run(tools.ip(), "link", "add", bridge, "type", "bridge");
            HostTools.run(tools.ip(), "link", "del", bridge);
        } catch (IOException e) {
            if (options.isolation() == ProcessIsolation.NAMESPACES) {
                throw new IllegalStateException("quarkube.kubelet.process.isolation=namespaces but namespaces are "
                        + "not available: " + e.getMessage(), e);
            }
            return none("namespaces are not available (" + e.getMessage() + ")");
        }
        String base = "namespaces: each pod gets network (veth on a bridge per node), UTS, IPC; each container a "
                + "mount namespace";
        if (!options.userNamespaces()) {
            return new SandboxIsolation(true, false, base + "; no user namespace (disabled by "
                    + "quarkube.kubelet.process.user-namespaces=false): containers run as host root", tools, null);
        }
        String userns = userNamespaceProblem(tools);
        if (userns != null) {
            return new SandboxIsolation(true, false, base + "; no user namespace (" + userns
                    + "): containers run as host root", tools, null);
        }
        return new SandboxIsolation(true, true, base + ", user: container root is host uid "
                + PodHolder.USERNS_HOST_ID, tools, null);
    }

    private static SandboxIsolation none(String why) {
        return new SandboxIsolation(false, false, "none, because " + why + ": containers are host processes on the "
                + "host network, pod IP = host IP, volumes by path mapping", null, null);
    }

    /** Null when a user-namespaced holder can be made and entered with root mapped to the unprivileged range. */
    private static String userNamespaceProblem(HostTools tools) {
        PodHolder holder = null;
        try {
            holder = PodHolder.start(tools, true, null);
            String id = HostTools.run(tools.nsenter(), holder.nsOption("user", "user"), "--", tools.sh(), "-c",
                    "id -u; cat /proc/self/uid_map");
            if (!id.startsWith("0") || !id.contains(Integer.toString(PodHolder.USERNS_HOST_ID))) {
                return "unexpected identity in the user namespace: " + id.replace('\n', ' ');
            }
            return null;
        } catch (IOException e) {
            return e.getMessage();
        } finally {
            if (holder != null) {
                holder.kill();
            }
        }
    }
}
