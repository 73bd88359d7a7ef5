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
 * Prefers the node where cpu and memory end up used in similar fractions once the pod is there, so neither runs
 * out while the other sits idle: score = (1 − |cpuFraction − memoryFraction| / 2) × 100, fractions capped at 1,
 * counting the pods' real requests. Best-effort pods (no requests) are skipped: they would otherwise all pile
 * onto the same node (kubernetes#129138).
 */
public final class BalancedAllocation implements PreScorePlugin, ScorePlugin {
    public static final String NAME = "NodeResourcesBalancedAllocation";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Status preScore(CycleState state, Pod pod, List<NodeInfo> feasibleNodes) {
        Resource request = state.podInfo(pod).request();
        return request.milliCpu() == 0 && request.memory() == 0 ? Status.skip() : Status.success();
    }

    @Override
    public long score(CycleState state, Pod pod, NodeInfo node) {
        Resource requested = node.requested().plus(state.podInfo(pod).request());
        Resource allocatable = node.allocatable();
        if (allocatable.milliCpu() == 0 || allocatable.memory() == 0) {
            return MAX_SCORE; // Kubernetes leaves out a resource the node lacks; one fraction alone deviates by 0
        }
        double cpu = Math.min(1.0, (double) requested.milliCpu() / allocatable.milliCpu());
        double memory = Math.min(1.0, (double) requested.memory() / allocatable.memory());
        double std = Math.abs(cpu - memory) / 2;
        return (long) ((1 - std) * MAX_SCORE);
    }
}
