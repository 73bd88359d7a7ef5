package io.quarkube.kubelet.node;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.NodeCondition;
import io.fabric8.kubernetes.api.model.NodeConditionBuilder;
import io.fabric8.kubernetes.api.model.NodeStatus;
import io.fabric8.kubernetes.api.model.NodeStatusBuilder;
import io.fabric8.kubernetes.api.model.NodeSystemInfo;
import io.fabric8.kubernetes.api.model.NodeSystemInfoBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.quarkube.kubelet.status.Times;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Builds the Node object and the status the kubelet owns (capacity, conditions, addresses, nodeInfo). */
public final class NodeStatusFactory {
    public static final String KUBELET_VERSION = "v1.32.0-quarkube";

    private final LocalNodes nodes;
    private final Map<String, Quantity> capacity;
    private final String runtimeName;
    private final int kubeletPort;
    private final String bootId = UUID.randomUUID().toString();
    private final String osImage = readOsImage();

    public NodeStatusFactory(LocalNodes nodes, String cpu, String memory, String pods, String runtimeName,
                             int kubeletPort) {
        this.nodes = nodes;
        Map<String, Quantity> c = new LinkedHashMap<>();
        c.put("cpu", new Quantity(cpu));
        c.put("memory", new Quantity(memory));
        c.put("pods", new Quantity(pods));
        this.capacity = Map.copyOf(c);
        this.runtimeName = runtimeName;
        this.kubeletPort = kubeletPort;
    }

    public Node newNode(String name) {
        return new NodeBuilder()
                .withNewMetadata().withName(name)
                .addToLabels("kubernetes.io/hostname", name)
                .addToLabels("kubernetes.io/os", "linux")
                .addToLabels("kubernetes.io/arch", "amd64")
                .addToLabels("node.kubernetes.io/instance-type", "quarkube")
                .endMetadata()
                .withNewSpec().withPodCIDR(nodes.podCidr(name)).withPodCIDRs(nodes.podCidr(name)).endSpec()
                .build();
    }

    /**
     * The status to PUT: heartbeat times are now; a condition keeps its lastTransitionTime from the previous
     * status while its value is unchanged.
     */
    public NodeStatus status(String name, Instant now, NodeStatus previous) {
        String time = Times.format(now);
        List<NodeCondition> conditions = new ArrayList<>();
        conditions.add(condition("MemoryPressure", "False", "KubeletHasSufficientMemory",
                "kubelet has sufficient memory available", time, previous));
        conditions.add(condition("DiskPressure", "False", "KubeletHasNoDiskPressure",
                "kubelet has no disk pressure", time, previous));
        conditions.add(condition("PIDPressure", "False", "KubeletHasSufficientPID",
                "kubelet has sufficient PID available", time, previous));
        conditions.add(condition("Ready", "True", "KubeletReady", "kubelet is posting ready status", time, previous));
        return new NodeStatusBuilder()
                .withCapacity(capacity)
                .withAllocatable(capacity)
                .withConditions(conditions)
                .addNewAddress().withType("InternalIP").withAddress(LocalNodes.HOST_IP).endAddress()
                .addNewAddress().withType("Hostname").withAddress(name).endAddress()
                .withNewDaemonEndpoints().withNewKubeletEndpoint().withPort(kubeletPort).endKubeletEndpoint()
                .endDaemonEndpoints()
                .withNodeInfo(nodeInfo(name))
                .build();
    }

    public Map<String, Quantity> capacity() {
        return capacity;
    }

    private NodeSystemInfo nodeInfo(String name) {
        return new NodeSystemInfoBuilder()
                .withMachineID(UUID.nameUUIDFromBytes(name.getBytes()).toString().replace("-", ""))
                .withSystemUUID(UUID.nameUUIDFromBytes(("system-" + name).getBytes()).toString())
                .withBootID(bootId)
                .withKubeletVersion(KUBELET_VERSION)
                .withKubeProxyVersion("")
                .withContainerRuntimeVersion("quarkube-" + runtimeName + "://0.1.0")
                .withOperatingSystem("linux")
                .withArchitecture("amd64")
                .withOsImage(osImage)
                .withKernelVersion(System.getProperty("os.version", "unknown"))
                .build();
    }

    private static NodeCondition condition(String type, String status, String reason, String message, String now,
                                           NodeStatus previous) {
        String transition = now;
        if (previous != null && previous.getConditions() != null) {
            for (NodeCondition old : previous.getConditions()) {
                if (type.equals(old.getType()) && status.equals(old.getStatus()) && old.getLastTransitionTime() != null) {
                    transition = old.getLastTransitionTime();
                }
            }
        }
        return new NodeConditionBuilder().withType(type).withStatus(status).withReason(reason).withMessage(message)
                .withLastHeartbeatTime(now).withLastTransitionTime(transition).build();
    }

    /** PRETTY_NAME of /etc/os-release, as the kubelet reports it; the JVM's os.name if that is unreadable. */
    private static String readOsImage() {
        try {
            for (String line : Files.readAllLines(Path.of("/etc/os-release"))) {
                if (line.startsWith("PRETTY_NAME=")) {
                    return line.substring("PRETTY_NAME=".length()).replace("\"", "");
                }
            }
        } catch (IOException | RuntimeException e) {
            // fall through
        }
        return System.getProperty("os.name", "Linux");
    }
}
