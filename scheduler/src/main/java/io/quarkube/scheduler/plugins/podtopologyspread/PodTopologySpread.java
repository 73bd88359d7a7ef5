package io.quarkube.scheduler.plugins.podtopologyspread;

import io.fabric8.kubernetes.api.model.Pod;
import io.quarkube.scheduler.framework.CycleState;
import io.quarkube.scheduler.framework.FilterPlugin;
import io.quarkube.scheduler.framework.NodeInfo;
import io.quarkube.scheduler.framework.PreFilterPlugin;
import io.quarkube.scheduler.framework.PreScorePlugin;
import io.quarkube.scheduler.framework.ScorePlugin;
import io.quarkube.scheduler.framework.Status;

import java.util.List;
import java.util.Map;

/**
 * Kubernetes' PodTopologySpread: DoNotSchedule constraints filter (a node is rejected when placing the pod
 * there would make its domain exceed the least populated one by more than maxSkew), ScheduleAnyway
 * constraints score (fewer matching pods in the node's domains is better). Only the pod's own constraints:
 * the cluster-level default constraints need Service/ReplicaSet/StatefulSet listers this scheduler lacks.
 */
public final class PodTopologySpread implements PreFilterPlugin, FilterPlugin, PreScorePlugin, ScorePlugin {
    public static final String NAME = "PodTopologySpread";
    public static final String REASON_CONSTRAINTS_NOT_MATCH = "node(s) didn't match pod topology spread constraints";
    public static final String REASON_NODE_LABEL_NOT_MATCH = REASON_CONSTRAINTS_NOT_MATCH + " (missing required label)";

    private static final String PRE_FILTER_KEY = "PreFilter" + NAME;
    private static final String PRE_SCORE_KEY = "PreScore" + NAME;
    /** Score of a feasible node lacking a topology key; normalize turns it into 0. */
    static final long INVALID_SCORE = -1;
    private static final Status LABEL_MISSING = Status.unresolvable(REASON_NODE_LABEL_NOT_MATCH);
    private static final Status SKEW_TOO_BIG = Status.unschedulable(REASON_CONSTRAINTS_NOT_MATCH);

    /** Off only in tests: the full scan every index-based result is compared with. */
    private final boolean useIndex;

    public PodTopologySpread() {
        this(true);
    }

    PodTopologySpread(boolean useIndex) {
        this.useIndex = useIndex;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public int weight() {
        return 2;
    }

    @Override
    public Status preFilter(CycleState state, Pod pod) {
        if (!SpreadConstraint.any(pod, SpreadConstraint.DO_NOT_SCHEDULE)) {
            return Status.skip();
        }
        List<SpreadConstraint> constraints = SpreadConstraint.of(pod, SpreadConstraint.DO_NOT_SCHEDULE);
        state.write(PRE_FILTER_KEY, PreFilterState.compute(pod, constraints, state.snapshot(), useIndex));
        return Status.success();
    }

    /** 'matching pods in the node's domain' + 'the pod itself if it matches' − 'global minimum' ≤ maxSkew. */
    @Override
    public Status filter(CycleState state, Pod pod, NodeInfo node) {
        if (node.node() == null) {
            return Status.error("node not found");
        }
        PreFilterState s = state.read(PRE_FILTER_KEY, PreFilterState.class);
        Map<String, String> labels = node.labels();
        for (int i = 0; i < s.keys.length; i++) {
            String value = labels.get(s.keys[i]);
            if (value == null) {
                return LABEL_MISSING;
            }
            if (s.minMatch[i] == PreFilterState.NO_DOMAINS) {
                continue;
            }
            int skew = s.count(i, value) + s.selfMatch[i] - s.minMatch[i];
            if (skew > s.maxSkew[i]) {
                return SKEW_TOO_BIG;
            }
        }
        return Status.success();
    }

    @Override
    public Status preScore(CycleState state, Pod pod, List<NodeInfo> feasibleNodes) {
        if (!SpreadConstraint.any(pod, SpreadConstraint.SCHEDULE_ANYWAY) || state.snapshot().size() == 0) {
            return Status.skip();
        }
        List<SpreadConstraint> constraints = SpreadConstraint.of(pod, SpreadConstraint.SCHEDULE_ANYWAY);
        state.write(PRE_SCORE_KEY, PreScoreState.compute(pod, constraints, feasibleNodes, state.snapshot(),
                useIndex));
        return Status.success();
    }

    /** The weighted count of matching pods in the node's domains (normalized later: lower is better). */
    @Override
    public long score(CycleState state, Pod pod, NodeInfo node) {
        PreScoreState s = state.read(PRE_SCORE_KEY, PreScoreState.class);
        if (s.ignoredNodes.contains(node.name())) {
            return INVALID_SCORE;
        }
        return s.rawScore(node);
    }

    /**
     * Kubernetes' NormalizeScore: MAX × (max + min − score) / max, so the least crowded node gets 100 (all get
     * 100 when every count is 0); nodes lacking a topology key get 0.
     */
    @Override
    public void normalize(CycleState state, Pod pod, long[] scores) {
        long min = Long.MAX_VALUE;
        long max = 0;
        for (long score : scores) {
            if (score == INVALID_SCORE) {
                continue;
            }
            min = Math.min(min, score);
            max = Math.max(max, score);
        }
        for (int i = 0; i < scores.length; i++) {
            if (scores[i] == INVALID_SCORE) {
                scores[i] = 0;
            } else if (max == 0) {
                scores[i] = MAX_SCORE;
            } else {
                scores[i] = MAX_SCORE * (max + min - scores[i]) / max;
            }
        }
    }
}
