package io.quarkube.controllermanager.nodelifecycle;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.quarkube.api.Resources;
import io.quarkube.api.informer.ResourceEventHandler;
import io.quarkube.controllermanager.controller.ControllerContext;
import io.quarkube.controllermanager.controller.ControllerRunner;
import io.quarkube.controllermanager.controller.Enqueuer;
import io.quarkube.controllermanager.controller.Lister;

import java.util.Objects;

/**
 * Wires the node lifecycle controller: the monitor key runs every nodeMonitorPeriod from the start (only while
 * this replica leads, as every key); node events queue the node; a pod event queues its node when that node has
 * NoExecute taints or is unreachable, so a pod bound there late is handled too. It never calls the API.
 */
public final class NodeLifecycleController {
    private final Lister<Node> nodes;
    private final Enqueuer queue;

    public NodeLifecycleController(Lister<Node> nodes, Enqueuer queue) {
        this.nodes = nodes;
        this.queue = queue;
    }

    public static ControllerRunner setUp(ControllerContext context) {
        Lister<Node> nodes = context.lister(Resources.NODES);
        Lister<Lease> leases = context.lister(Resources.LEASES);
        var podStore = context.informer().watch(Resources.PODS);
        var config = context.config();
        ControllerRunner runner = ControllerRunner.create("node-lifecycle", 1, queue -> new NodeLifecycleSync(
                nodes, leases, podStore::list, NodeLifecycleClient.of(context.api()),
                context.recorder("node-controller"), context.recorder("taint-eviction-controller"), queue,
                context.clock(), config.nodeMonitorPeriod(), config.nodeMonitorGracePeriod(),
                NodeLifecycleSync.STARTUP_GRACE_PERIOD));
        NodeLifecycleController controller = new NodeLifecycleController(nodes, runner);
        context.addHandler(Resources.NODES, controller.nodeHandler());
        context.addHandler(Resources.PODS, controller.podHandler());
        runner.enqueue(NodeLifecycleSync.MONITOR_KEY);
        return runner;
    }

    public ResourceEventHandler<Node> nodeHandler() {
        return ResourceEventHandler.onEveryChange(node -> queue.enqueue(node.getMetadata().getName()));
    }

    public ResourceEventHandler<Pod> podHandler() {
        return new ResourceEventHandler<>() {
            @Override
            public void onAdd(Pod pod) {
                enqueueNodeOf(pod);
            }

            @Override
            public void onUpdate(Pod oldPod, Pod newPod) {
                if (!Objects.equals(nodeName(oldPod), nodeName(newPod))
                        || !Objects.equals(newPod.getSpec().getTolerations(), oldPod.getSpec().getTolerations())) {
                    enqueueNodeOf(newPod);
                }
            }
        };
    }

    private void enqueueNodeOf(Pod pod) {
        String nodeName = nodeName(pod);
        if (nodeName == null || nodeName.isEmpty()) {
            return;
        }
        nodes.get(null, nodeName)
                .filter(n -> !NodeTaints.noExecute(n).isEmpty() || "Unknown".equals(NodeConditions.readyStatus(n)))
                .ifPresent(n -> queue.enqueue(nodeName));
    }

    private static String nodeName(Pod pod) {
        return pod.getSpec() == null ? null : pod.getSpec().getNodeName();
    }
}
