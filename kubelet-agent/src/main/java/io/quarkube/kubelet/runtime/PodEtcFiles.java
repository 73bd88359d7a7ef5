package io.quarkube.kubelet.runtime;

import io.fabric8.kubernetes.api.model.HostAlias;
import io.fabric8.kubernetes.api.model.Pod;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The files the kubelet writes for a pod with its own network and mounts into each container: /etc/hosts (localhost,
 * the pod's IP and hostname, hostAliases), /etc/hostname, and /etc/resolv.conf. There is no cluster DNS yet and pods
 * cannot reach the node's resolver (the host does not route for them), so resolv.conf names the node's gateway
 * address, where nothing answers on port 53: a lookup fails at once instead of waiting out resolver timeouts (a
 * server binding 0.0.0.0 that looks up its own name, like python's http.server, would otherwise stall 10 s).
 */
final class PodEtcFiles {

    private PodEtcFiles() {
    }

    /** Writes the files into {@code <pod dir>/etc/}. */
    static void write(Path podDir, Pod pod, String podIP, String hostname) throws IOException {
        Path etc = Files.createDirectories(podDir.resolve("etc"));
        StringBuilder hosts = new StringBuilder("""
                # Kubernetes-managed hosts file (quarkube process runtime).
                127.0.0.1\tlocalhost
                ::1\tlocalhost ip6-localhost ip6-loopback
                fe00::0\tip6-localnet
                fe00::0\tip6-mcastprefix
                fe00::1\tip6-allnodes
                fe00::2\tip6-allrouters
                """);
        hosts.append(podIP).append('\t').append(hostname).append('\n');
        List<HostAlias> aliases = Objects.requireNonNullElse(pod.getSpec().getHostAliases(), List.of());
        if (!aliases.isEmpty()) {
            hosts.append("\n# Entries added by HostAliases.\n");
            for (HostAlias alias : aliases) {
                hosts.append(alias.getIp()).append('\t')
                        .append(String.join("\t", Objects.requireNonNullElse(alias.getHostnames(), List.of())))
                        .append('\n');
            }
        }
        Files.writeString(etc.resolve("hosts"), hosts);
        Files.writeString(etc.resolve("hostname"), hostname + "\n");
        Files.writeString(etc.resolve("resolv.conf"), "# quarkube: no cluster DNS yet (see PodEtcFiles); lookups "
                + "are refused at once by the node's gateway.\nnameserver " + PodNetwork.gateway(podIP)
                + "\noptions timeout:1 attempts:1\n");
    }

    /**
     * The container's mounts plus these files, where the pod has them and the container does not mount something
     * else there (as the kubelet leaves a user's /etc/hosts mount alone).
     */
    static List<VolumeMounts.Mount> addTo(List<VolumeMounts.Mount> mounts, Path podDir) {
        Path etc = podDir.resolve("etc");
        if (!Files.isRegularFile(etc.resolve("hosts"))) {
            return mounts;
        }
        List<VolumeMounts.Mount> all = new ArrayList<>(mounts);
        for (String name : List.of("hosts", "hostname", "resolv.conf")) {
            String path = "/etc/" + name;
            if (mounts.stream().noneMatch(m -> m.containerPath().equals(path))) {
                all.add(new VolumeMounts.Mount(path, etc.resolve(name), false));
            }
        }
        return all;
    }
}
