package io.quarkube.scheduler.plugins.interpodaffinity;

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
import java.util.function.Function;

/**
 * kube-scheduler's InterPodAffinity: required pod affinity and anti-affinity (of the incoming pod, and of the pods
 * already running, towards it) filter nodes per topology domain; preferred terms and existing pods' affinity score
 * them. A pod without terms in a cluster without affinity pods is skipped after O(1) work.
 */
public final class InterPodAffinity implements PreFilterPlugin, FilterPlugin, PreScorePlugin, ScorePlugin {
    public static final String NAME = "InterPodAffinity";
    /** kube-scheduler's default HardPodAffinityWeight: an existing pod's required affinity scores like weight 1. */
    public static final int DEFAULT_HARD_POD_AFFINITY_WEIGHT = 1;

    private static final String PRE_FILTER_KEY = "PreFilter" + NAME;
    private static final String PRE_SCORE_KEY = "PreScore" + NAME;

    private final Function<String, Map<String, String>> namespaceLabels;
    private final int hardPodAffinityWeight;
    /** Off only in tests: the full scan every index-based result is compared with. */
    private final boolean useIndexes;

    /** Without namespace labels: a non-empty namespaceSelector then matches no namespace (but {} matches all). */
    public InterPodAffinity() {
        this(namespace -> null);
    }

    /**
     * @param namespaceLabels the labels of a namespace by name, null if there is no such namespace (read only for
     *                        terms with a non-empty namespaceSelector)
     */
    public InterPodAffinity(Function<String, Map<String, String>> namespaceLabels) {
        this(namespaceLabels, DEFAULT_HARD_POD_AFFINITY_WEIGHT);
    }

    public InterPodAffinity(Function<String, Map<String, String>> namespaceLabels, int hardPodAffinityWeight) {
        this(namespaceLabels, hardPodAffinityWeight, true);
    }

    InterPodAffinity(Function<String, Map<String, String>> namespaceLabels, int hardPodAffinityWeight,
                     boolean useIndexes) {
        if (hardPodAffinityWeight < 0 || hardPodAffinityWeight > 100) {
            throw new IllegalArgumentException("hardPodAffinityWeight not in valid range [0-100]: " + hardPodAffinityWeight);
        }
        this.namespaceLabels = namespaceLabels;
        this.hardPodAffinityWeight = hardPodAffinityWeight;
        this.useIndexes = useIndexes;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Status preFilter(CycleState state, Pod pod) {
        AffinityFiltering.State computed = AffinityFiltering.preFilter(pod, state.snapshot(), namespaceLabels,
                useIndexes);
        if (computed == null) {
            return Status.skip();
        }
        state.write(PRE_FILTER_KEY, computed);
        return Status.success();
    }

    @Override
    public Status filter(CycleState state, Pod pod, NodeInfo node) {
        return AffinityFiltering.filter(state.read(PRE_FILTER_KEY, AffinityFiltering.State.class), node);
    }

    @Override
    public Status preScore(CycleState state, Pod pod, List<NodeInfo> feasibleNodes) {
        if (feasibleNodes.isEmpty()) {
            return Status.skip();
        }
        TopologyValues scores = AffinityScoring.preScore(pod, state.snapshot(), namespaceLabels, hardPodAffinityWeight,
                useIndexes);
        if (scores == null) {
            return Status.skip();
        }
        state.write(PRE_SCORE_KEY, scores);
        return Status.success();
    }

    @Override
    public long score(CycleState state, Pod pod, NodeInfo node) {
        return AffinityScoring.score(state.read(PRE_SCORE_KEY, TopologyValues.class), node);
    }

    @Override
    public void normalize(CycleState state, Pod pod, long[] scores) {
        AffinityScoring.normalize(scores);
    }

    /** InterPodAffinity's weight in kube-scheduler's default profile. */
    @Override
    public int weight() {
        return 2;
    }
}
