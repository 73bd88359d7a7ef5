package io.quarkube.kubelet.runtime;

import io.fabric8.kubernetes.api.model.Pod;
import io.quarkube.kubelet.node.LocalNodes;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The namespaces of each pod on this host: a {@link PodHolder} per pod UID and its place on the {@link PodNetwork}.
 * A hostNetwork pod gets a holder for IPC (and the user namespace) only; its IP is the host's.
 */
final class PodNamespaces {
    private final HostTools tools;
    private final boolean userNamespaces;
    private final PodNetwork network;
    private final Map<String, PodHolder> holders = new ConcurrentHashMap<>();

    PodNamespaces(HostTools tools, boolean userNamespaces) {
        this.tools = tools;
        this.userNamespaces = userNamespaces;
        this.network = new PodNetwork(tools);
    }

    /**
     * Creates the pod's namespaces (and, with its own network, its /etc files in {@code podDir}); returns the pod's
     * IP ({@code podIP}, or the host's for hostNetwork).
     */
    String create(Pod pod, String podIP, Path podDir) throws IOException {
        String uid = pod.getMetadata().getUid();
        remove(uid); // a sandbox made again for the same pod starts clean
        boolean hostNetwork = Boolean.TRUE.equals(pod.getSpec().getHostNetwork());
        PodHolder holder = PodHolder.start(tools, userNamespaces, hostNetwork ? null : hostname(pod));
        try {
            if (!hostNetwork) {
                network.attach(holder, uid, podIP);
                PodEtcFiles.write(podDir, pod, podIP, hostname(pod));
            }
        } catch (IOException | RuntimeException e) {
            network.detach(uid);
            holder.kill();
            throw e;
        }
        holders.put(uid, holder);
        return hostNetwork ? LocalNodes.HOST_IP : podIP;
    }

    /** Takes over the holder an earlier agent left for this pod (still running, checked by the caller). */
    void adopt(String uid, PodHolder holder, String podIP) {
        if (holder.ownNetwork()) {
            network.adopt(podIP);
        }
        holders.put(uid, holder);
    }

    /** Ends what an earlier agent left of a pod that is not taken over: its holder (if that one still runs), its veth. */
    void removeLeftover(String uid, long holderPid, long holderStart) {
        if (holderPid > 0) {
            Signals.terminate(holderPid, holderStart, 2_000);
        }
        network.detach(uid);
    }

    Optional<PodHolder> holder(String uid) {
        return Optional.ofNullable(holders.get(uid)).filter(PodHolder::alive);
    }

    /** Ends the pod's holder and deletes its veth: nothing of the pod's network is left. */
    void remove(String uid) {
        PodHolder holder = holders.remove(uid);
        if (holder != null) {
            network.detach(uid);
            holder.kill();
        }
    }

    void close() {
        holders.keySet().forEach(this::remove);
        network.close();
    }

    /** The hostname a container of the pod sees: the host's for a hostNetwork pod, else the pod's. */
    static String hostnameSeenBy(Pod pod) {
        if (!Boolean.TRUE.equals(pod.getSpec().getHostNetwork())) {
            return hostname(pod);
        }
        try {
            return Files.readString(Path.of("/proc/sys/kernel/hostname")).strip();
        } catch (IOException e) {
            return "localhost";
        }
    }

    /**
     * The pod's hostname: spec.hostname, else its name cut to 63 characters without a trailing '-' or '.', as the
     * kubelet does.
     */
    static String hostname(Pod pod) {
        String hostname = pod.getSpec().getHostname();
        if (hostname != null && !hostname.isEmpty()) {
            return hostname;
        }
        String podName = pod.getMetadata().getName();
        String name = podName.length() > 63 ? podName.substring(0, 63) : podName;
        while (name.endsWith("-") || name.endsWith(".")) {
            name = name.substring(0, name.length() - 1);
        }
        return name;
    }
}
