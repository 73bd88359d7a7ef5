package io.quarkube.scheduler.plugins.noderesources;

import io.fabric8.kubernetes.api.model.Pod;
import io.quarkube.scheduler.framework.CycleState;
import io.quarkube.scheduler.framework.NodeInfo;
import io.quarkube.scheduler.framework.PreScorePlugin;
import io.quarkube.scheduler.framework.Resource;
import io.quarkube.scheduler.framework.ScorePlugin;
import io.quarkube.scheduler.framework.Status;

import java.util.List;

/**
 * Prefers the node with the largest free fraction of cpu and memory once the pod is on it (equal weights),
 * counting default requests for containers that set none, as Kubernetes' LeastAllocated strategy does.
 */
public final class LeastAllocated implements PreScorePlugin, ScorePlugin {
    public static final String NAME = "NodeResourcesLeastAllocated";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Status preScore(CycleState state, Pod pod, List<NodeInfo> feasibleNodes) {
        state.podInfo(pod);
        return Status.success();
    }

    @Override
    public long score(CycleState state, Pod pod, NodeInfo node) {
        Resource request = state.podInfo(pod).nonZeroRequest();
        Resource requested = node.nonZeroRequested().plus(request);
        long cpu = freeFraction(node.allocatable().milliCpu(), requested.milliCpu());
        long memory = freeFraction(node.allocatable().memory(), requested.memory());
        return (cpu + memory) / 2;
    }

    private static long freeFraction(long capacity, long requested) {
        if (capacity <= 0 || requested > capacity) {
            return 0;
        }
        return (capacity - requested) * MAX_SCORE / capacity;
    }
}
