package io.quarkube.scheduler.core;

import io.fabric8.kubernetes.api.model.Pod;
import io.quarkube.scheduler.framework.CycleState;
import io.quarkube.scheduler.framework.Framework;
import io.quarkube.scheduler.framework.NodeInfo;
import io.quarkube.scheduler.framework.PodInfo;
import io.quarkube.scheduler.framework.Snapshot;
import io.quarkube.scheduler.framework.Status;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Picks a node for one pod as kube-scheduler's schedulePod does: PreFilter once, Filter nodes starting where the
 * last attempt stopped until enough feasible ones are found (percentageOfNodesToScore), score those, take the
 * best. Equal best scores are broken by a rotating counter rather than always the first name, so identical
 * nodes fill evenly. Used by the single scheduling thread only.
 */
public final class SchedulingAlgorithm {
    /** Below this many nodes every node is filtered and scored. */
    static final int MIN_FEASIBLE_NODES_TO_FIND = 100;
    static final int MIN_FEASIBLE_NODES_PERCENTAGE_TO_FIND = 5;

    private final Framework framework;
    private final int percentageOfNodesToScore;
    private int nextStartNodeIndex;
    private long rotation;

    /** @param percentageOfNodesToScore 1..100, or 0 for Kubernetes' adaptive default (50% at 100 nodes → 5%) */
    public SchedulingAlgorithm(Framework framework, int percentageOfNodesToScore) {
        if (percentageOfNodesToScore < 0 || percentageOfNodesToScore > 100) {
            throw new IllegalArgumentException("percentageOfNodesToScore must be 0..100, got "
                    + percentageOfNodesToScore);
        }
        this.framework = framework;
        this.percentageOfNodesToScore = percentageOfNodesToScore;
    }

    public SchedulingAlgorithm(Framework framework) {
        this(framework, 0);
    }

    /** Either a node name or why none fits. */
    public record Result(String nodeName, FitError fitError) {
    }

    public Result schedule(Pod pod, Snapshot snapshot) {
        return schedule(PodInfo.of(pod), snapshot);
    }

    /** With the pod's info computed by the caller, who assumes the pod with it afterwards. */
    public Result schedule(PodInfo podInfo, Snapshot snapshot) {
        Pod pod = podInfo.pod();
        List<NodeInfo> nodes = snapshot.nodes();
        int all = nodes.size();
        if (all == 0) {
            return new Result(null, new FitError(0, Map.of()));
        }
        CycleState state = new CycleState(snapshot);
        state.setPodInfo(podInfo);
        Status pre = framework.runPreFilters(state, pod);
        if (!pre.isSuccess()) {
            Map<String, Integer> reasons = new HashMap<>();
            pre.reasons().forEach(reason -> reasons.put(reason, all));
            return new Result(null, new FitError(all, reasons));
        }
        if (state.eligibleNodes() != null) {
            return scheduleOnEligible(state, pod, snapshot);
        }
        int toFind = numFeasibleNodesToFind(all);
        Map<String, Integer> reasons = new HashMap<>();
        List<NodeInfo> feasible = new ArrayList<>(Math.min(toFind, 512));
        int processed = 0;
        while (processed < all && feasible.size() < toFind) {
            NodeInfo node = nodes.get((nextStartNodeIndex + processed) % all);
            processed++;
            Status status = framework.runFilters(state, pod, node);
            if (status.isSuccess()) {
                feasible.add(node);
            } else {
                status.reasons().forEach(reason -> reasons.merge(reason, 1, Integer::sum));
            }
        }
        nextStartNodeIndex = (nextStartNodeIndex + processed) % all;
        if (feasible.isEmpty()) {
            return new Result(null, new FitError(all, reasons));
        }
        if (feasible.size() == 1) {
            return new Result(feasible.get(0).name(), null);
        }
        return new Result(selectHost(framework.runScores(state, pod, feasible), feasible), null);
    }

    /** A PreFilter named the only nodes that can fit: filter those, the others count as not satisfying it. */
    private Result scheduleOnEligible(CycleState state, Pod pod, Snapshot snapshot) {
        Map<String, Integer> reasons = new HashMap<>();
        List<NodeInfo> feasible = new ArrayList<>();
        int filtered = 0;
        for (String name : state.eligibleNodes().stream().sorted().toList()) {
            NodeInfo node = snapshot.get(name);
            if (node == null) {
                continue;
            }
            filtered++;
            Status status = framework.runFilters(state, pod, node);
            if (status.isSuccess()) {
                feasible.add(node);
            } else {
                status.reasons().forEach(reason -> reasons.merge(reason, 1, Integer::sum));
            }
        }
        if (feasible.isEmpty()) {
            int others = snapshot.size() - filtered;
            if (others > 0) {
                reasons.merge("node(s) didn't satisfy plugin(s) [" + state.restrictedBy() + "]", others,
                        Integer::sum);
            }
            return new Result(null, new FitError(snapshot.size(), reasons));
        }
        if (feasible.size() == 1) {
            return new Result(feasible.get(0).name(), null);
        }
        return new Result(selectHost(framework.runScores(state, pod, feasible), feasible), null);
    }

    /** How many feasible nodes are enough to pick a good one: all below 100, then a shrinking share. */
    int numFeasibleNodesToFind(int allNodes) {
        if (allNodes < MIN_FEASIBLE_NODES_TO_FIND) {
            return allNodes;
        }
        int percentage = percentageOfNodesToScore;
        if (percentage == 0) {
            percentage = Math.max(MIN_FEASIBLE_NODES_PERCENTAGE_TO_FIND, 50 - allNodes / 125);
        }
        return Math.max(MIN_FEASIBLE_NODES_TO_FIND, (int) ((long) allNodes * percentage / 100));
    }

    private String selectHost(long[] scores, List<NodeInfo> feasible) {
        long best = Long.MIN_VALUE;
        int ties = 0;
        for (long score : scores) {
            if (score > best) {
                best = score;
                ties = 1;
            } else if (score == best) {
                ties++;
            }
        }
        int pick = (int) (rotation++ % ties);
        for (int i = 0; i < scores.length; i++) {
            if (scores[i] == best && pick-- == 0) {
                return feasible.get(i).name();
            }
        }
        throw new IllegalStateException("unreachable: a best score exists");
    }
}
