package io.quarkube.scheduler.plugins.nodeports;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.Pod;
import io.quarkube.scheduler.framework.CycleState;
import io.quarkube.scheduler.framework.FilterPlugin;
import io.quarkube.scheduler.framework.NodeInfo;
import io.quarkube.scheduler.framework.PodInfo;
import io.quarkube.scheduler.framework.PreFilterPlugin;
import io.quarkube.scheduler.framework.Status;

import java.util.ArrayList;
import java.util.List;

/**
 * Host ports a pod asks for must be free on the node: the same protocol and port conflict when either side binds
 * every address (hostIP empty or 0.0.0.0) or both bind the same address, as Kubernetes' HostPortInfo does.
 */
public final class NodePorts implements PreFilterPlugin, FilterPlugin {
    public static final String NAME = "NodePorts";
    public static final String REASON = "node(s) didn't have free ports for the requested pod ports";
    private static final Status REJECTED = Status.unschedulable(REASON);
    private static final String ANY_ADDRESS = "0.0.0.0";

    /** One wanted or used host port. */
    record HostPort(String ip, String protocol, int port) {
        boolean conflictsWith(HostPort other) {
            return port == other.port && protocol.equals(other.protocol)
                    && (ip.equals(ANY_ADDRESS) || other.ip.equals(ANY_ADDRESS) || ip.equals(other.ip));
        }
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Status preFilter(CycleState state, Pod pod) {
        List<HostPort> wanted = hostPorts(pod);
        if (wanted.isEmpty()) {
            return Status.skip();
        }
        state.write(NAME, wanted);
        return Status.success();
    }

    @Override
    @SuppressWarnings("unchecked")
    public Status filter(CycleState state, Pod pod, NodeInfo node) {
        List<HostPort> wanted = state.read(NAME, List.class);
        for (PodInfo existing : node.pods()) {
            for (HostPort used : hostPorts(existing.pod())) {
                for (HostPort port : wanted) {
                    if (port.conflictsWith(used)) {
                        return REJECTED;
                    }
                }
            }
        }
        return Status.success();
    }

    /** The host ports of the app containers and of sidecars (init containers that keep running). */
    static List<HostPort> hostPorts(Pod pod) {
        List<HostPort> result = new ArrayList<>(0);
        if (pod.getSpec() == null) {
            return result;
        }
        addHostPorts(pod.getSpec().getContainers(), result, false);
        addHostPorts(pod.getSpec().getInitContainers(), result, true);
        return result;
    }

    private static void addHostPorts(List<Container> containers, List<HostPort> into, boolean sidecarsOnly) {
        if (containers == null) {
            return;
        }
        for (Container container : containers) {
            if (container.getPorts() == null || (sidecarsOnly && !"Always".equals(container.getRestartPolicy()))) {
                continue;
            }
            for (ContainerPort port : container.getPorts()) {
                if (port.getHostPort() != null && port.getHostPort() > 0) {
                    String ip = port.getHostIP() == null || port.getHostIP().isEmpty() ? ANY_ADDRESS : port.getHostIP();
                    String protocol = port.getProtocol() == null || port.getProtocol().isEmpty()
                            ? "TCP" : port.getProtocol();
                    into.add(new HostPort(ip, protocol, port.getHostPort()));
                }
            }
        }
    }
}
