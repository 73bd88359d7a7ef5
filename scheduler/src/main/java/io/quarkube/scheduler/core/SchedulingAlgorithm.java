package io.quarkube.scheduler.core;

import io.fabric8.kubernetes.api.model.Pod;
import io.quarkube.scheduler.framework.CycleState;
import io.quarkube.scheduler.framework.Framework;
import io.quarkube.scheduler.framework.NodeInfo;
import io.quarkube.scheduler.framework.Status;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Picks a node for one pod: filter every node, score the feasible ones, take the best. Equal best scores are
 * broken by a rotating counter rather than always the first name, so identical nodes fill evenly.
 * Used by the single scheduling thread only.
 */
public final class SchedulingAlgorithm {
    private final Framework framework;
    private long rotation;

    public SchedulingAlgorithm(Framework framework) {
        this.framework = framework;
    }

    /** Either a node name or why none fits. */
    public record Result(String nodeName, FitError fitError) {
    }

    public Result schedule(Pod pod, List<NodeInfo> nodes) {
        if (nodes.isEmpty()) {
            return new Result(null, new FitError(0, Map.of()));
        }
        CycleState state = new CycleState();
        Status pre = framework.runPreFilters(state, pod);
        if (!pre.isSuccess()) {
            return new Result(null, new FitError(nodes.size(), Map.of(pre.message(), nodes.size())));
        }
        Map<String, Integer> reasons = new HashMap<>();
        List<NodeInfo> feasible = new ArrayList<>();
        for (NodeInfo node : nodes) {
            Status status = framework.runFilters(state, pod, node);
            if (status.isSuccess()) {
                feasible.add(node);
            } else {
                status.reasons().forEach(reason -> reasons.merge(reason, 1, Integer::sum));
            }
        }
        if (feasible.isEmpty()) {
            return new Result(null, new FitError(nodes.size(), reasons));
        }
        if (feasible.size() == 1) {
            return new Result(feasible.get(0).name(), null);
        }
        return new Result(selectHost(state, pod, feasible), null);
    }

    private String selectHost(CycleState state, Pod pod, List<NodeInfo> feasible) {
        framework.runPreScores(state, pod);
        long best = Long.MIN_VALUE;
        List<String> ties = new ArrayList<>();
        for (NodeInfo node : feasible) {
            long score = framework.runScores(state, pod, node);
            if (score > best) {
                best = score;
                ties.clear();
            }
            if (score == best) {
                ties.add(node.name());
            }
        }
        return ties.get((int) (rotation++ % ties.size()));
    }
}
