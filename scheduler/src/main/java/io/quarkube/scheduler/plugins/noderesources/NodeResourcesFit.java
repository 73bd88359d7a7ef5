package io.quarkube.scheduler.plugins.noderesources;

import io.fabric8.kubernetes.api.model.Pod;
import io.quarkube.scheduler.framework.CycleState;
import io.quarkube.scheduler.framework.FilterPlugin;
import io.quarkube.scheduler.framework.NodeInfo;
import io.quarkube.scheduler.framework.PreFilterPlugin;
import io.quarkube.scheduler.framework.Resource;
import io.quarkube.scheduler.framework.Status;

import java.util.ArrayList;
import java.util.List;

/**
 * The pod's requests plus what the pods already on the node (bound or assumed) request must fit the node's
 * allocatable cpu, memory, ephemeral-storage and pod count.
 */
public final class NodeResourcesFit implements PreFilterPlugin, FilterPlugin {
    public static final String NAME = "NodeResourcesFit";
    public static final String REASON_TOO_MANY_PODS = "Too many pods";
    public static final String REASON_CPU = "Insufficient cpu";
    public static final String REASON_MEMORY = "Insufficient memory";
    public static final String REASON_EPHEMERAL_STORAGE = "Insufficient ephemeral-storage";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Status preFilter(CycleState state, Pod pod) {
        state.podInfo(pod); // parses the requests once for every node's Filter
        return Status.success();
    }

    @Override
    public Status filter(CycleState state, Pod pod, NodeInfo node) {
        Resource request = state.podInfo(pod).request();
        Resource free = node.allocatable().minus(node.requested());
        boolean tooManyPods = node.podCount() + 1L > node.allowedPods();
        boolean cpu = request.milliCpu() > 0 && request.milliCpu() > free.milliCpu();
        boolean memory = request.memory() > 0 && request.memory() > free.memory();
        boolean storage = request.ephemeralStorage() > 0 && request.ephemeralStorage() > free.ephemeralStorage();
        if (!tooManyPods && !cpu && !memory && !storage) {
            return Status.success(); // the common case allocates nothing
        }
        List<String> reasons = new ArrayList<>(4);
        if (tooManyPods) {
            reasons.add(REASON_TOO_MANY_PODS);
        }
        if (cpu) {
            reasons.add(REASON_CPU);
        }
        if (memory) {
            reasons.add(REASON_MEMORY);
        }
        if (storage) {
            reasons.add(REASON_EPHEMERAL_STORAGE);
        }
        return Status.unschedulable(reasons);
    }
}
