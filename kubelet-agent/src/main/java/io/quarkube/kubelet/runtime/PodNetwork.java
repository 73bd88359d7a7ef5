package io.quarkube.kubelet.runtime;

import org.jboss.logging.Logger;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The node's pod network, as a bridge CNI plugin builds it: one Linux bridge per node /24 holding the gateway .1,
 * and per pod a veth pair whose host end is on the bridge and whose other end is the pod's {@code eth0} with the
 * pod IP and a default route via the gateway. The agent (host network) reaches podIP:port directly.
 *
 * <p>The bridge is named after the pod /24 ({@code qk-0af401} for 10.244.1.0/24), not after the node: two agents
 * (or test runs) whose nodes share a pod network then share one bridge instead of fighting over one route. It is
 * reused when it already exists and removed at close once no veth is attached to it.
 */
final class PodNetwork {
    private static final Logger LOG = Logger.getLogger(PodNetwork.class);
    private static final Path SYS_NET = Path.of("/sys/class/net");

    private final HostTools tools;
    private final Set<String> bridges = ConcurrentHashMap.newKeySet();

    PodNetwork(HostTools tools) {
        this.tools = tools;
    }

    /** The bridge of the /24 holding {@code podIP} (pod networks are /24s, gateway .1). */
    static String bridgeName(String podIP) {
        String[] octets = podIP.split("\\.");
        return String.format("qk-%02x%02x%02x", Integer.parseInt(octets[0]), Integer.parseInt(octets[1]),
                Integer.parseInt(octets[2]));
    }

    static String gateway(String podIP) {
        return podIP.substring(0, podIP.lastIndexOf('.') + 1) + "1";
    }

    /** The host end of a pod's veth: 15 characters at most, as Linux interface names are. */
    static String vethName(String uid) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(uid.getBytes(StandardCharsets.UTF_8));
            return "qv" + HexFormat.of().formatHex(hash).substring(0, 11);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Puts the holder's network namespace on the node's bridge with {@code podIP}. */
    void attach(PodHolder holder, String uid, String podIP) throws IOException {
        String bridge = ensureBridge(podIP);
        String veth = vethName(uid);
        String pid = Long.toString(holder.pid());
        if (Files.exists(SYS_NET.resolve(veth))) {
            detach(uid); // left by an earlier sandbox of the same pod
        }
        HostTools.run(tools.ip(), "link", "add", veth, "type", "veth", "peer", "name", "eth0", "netns", pid);
        HostTools.run(tools.ip(), "link", "set", veth, "master", bridge, "up");
        HostTools.run(tools.nsenter(), holder.nsOption("net", "net"), "--", tools.sh(), "-c",
                "\"$1\" addr add \"$2\"/24 dev eth0 && \"$1\" link set eth0 up && \"$1\" route add default via \"$3\"",
                "sh", tools.ip(), podIP, gateway(podIP));
    }

    /** A pod taken over from an earlier agent uses the bridge of its IP: removed at close once unused. */
    void adopt(String podIP) {
        bridges.add(bridgeName(podIP));
    }

    /** Deletes the pod's veth pair (it would also go with the pod's network namespace, but asynchronously). */
    void detach(String uid) {
        String veth = vethName(uid);
        if (!Files.exists(SYS_NET.resolve(veth))) {
            return;
        }
        try {
            HostTools.run(tools.ip(), "link", "del", veth);
        } catch (IOException e) {
            if (Files.exists(SYS_NET.resolve(veth))) {
                LOG.warnf("could not delete the veth %s: %s", veth, e.getMessage());
            }
        }
    }

    /** Removes the bridges this network used that no veth is attached to any more. */
    void close() {
        for (String bridge : bridges) {
            Path ports = SYS_NET.resolve(bridge).resolve("brif");
            try (var attached = Files.list(ports)) {
                if (attached.findAny().isEmpty()) {
                    HostTools.run(tools.ip(), "link", "del", bridge);
                }
            } catch (IOException e) {
                LOG.debugf("bridge %s not removed: %s", bridge, e.getMessage());
            }
            bridges.remove(bridge);
        }
    }

    /** Creates the bridge with its gateway address, or reuses it: idempotent, also across agents. */
    private synchronized String ensureBridge(String podIP) throws IOException {
        String bridge = bridgeName(podIP);
        String address = gateway(podIP) + "/24";
        if (!Files.exists(SYS_NET.resolve(bridge))) {
            ignoreExists(() -> HostTools.run(tools.ip(), "link", "add", bridge, "type", "bridge"));
        }
        if (!HostTools.run(tools.ip(), "-4", "-o", "addr", "show", "dev", bridge).contains(" " + address + " ")) {
            ignoreExists(() -> HostTools.run(tools.ip(), "addr", "add", address, "dev", bridge));
        }
        HostTools.run(tools.ip(), "link", "set", bridge, "up");
        bridges.add(bridge);
        return bridge;
    }

    private interface IpCommand {
        void run() throws IOException;
    }

    /** Another agent may have created the same bridge or address meanwhile: that is as good. */
    private static void ignoreExists(IpCommand command) throws IOException {
        try {
            command.run();
        } catch (IOException e) {
            if (!e.getMessage().contains("File exists")) {
                throw e;
            }
        }
    }
}
