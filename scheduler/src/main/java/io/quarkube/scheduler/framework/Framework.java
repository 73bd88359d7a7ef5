package io.quarkube.scheduler.framework;

import io.fabric8.kubernetes.api.model.Pod;

import java.util.ArrayList;
import java.util.List;

/**
 * Runs the configured plugins of each extension point in order. A PreFilter that answers Skip removes its own
 * Filter from this attempt; a PreScore that answers Skip removes its Score: most pods carry no affinity or
 * spread constraints, and their plugins then cost nothing per node.
 */
public final class Framework {
    private final List<PreFilterPlugin> preFilters = new ArrayList<>();
    private final List<FilterPlugin> filters = new ArrayList<>();
    private final List<ScorePlugin> scorers = new ArrayList<>();

    public Framework(List<? extends Plugin> plugins) {
        for (Plugin plugin : plugins) {
            if (plugin instanceof PreFilterPlugin p) {
                preFilters.add(p);
            }
            if (plugin instanceof FilterPlugin f) {
                filters.add(f);
            }
            if (plugin instanceof ScorePlugin s) {
                scorers.add(s);
            }
        }
    }

    public Status runPreFilters(CycleState state, Pod pod) {
        List<FilterPlugin> active = new ArrayList<>(filters);
        for (PreFilterPlugin plugin : preFilters) {
            Status status = plugin.preFilter(state, pod);
            if (status.isSkip()) {
                active.remove(plugin);
            } else if (!status.isSuccess()) {
                return status.withPlugin(plugin.name());
            }
        }
        state.activeFilters = active.toArray(FilterPlugin[]::new);
        return Status.success();
    }

    /** The first plugin that rejects the node decides, as in Kubernetes. */
    public Status runFilters(CycleState state, Pod pod, NodeInfo node) {
        FilterPlugin[] active = state.activeFilters;
        if (active == null) {
            throw new IllegalStateException("runPreFilters must run before runFilters");
        }
        for (FilterPlugin plugin : active) {
            Status status = plugin.filter(state, pod, node);
            if (!status.isSuccess()) {
                return status.withPlugin(plugin.name());
            }
        }
        return Status.success();
    }

    /**
     * PreScore, Score and NormalizeScore of every scoring plugin over the feasible nodes; returns each node's
     * weighted total, in the order of {@code feasible}.
     */
    public long[] runScores(CycleState state, Pod pod, List<NodeInfo> feasible) {
        long[] totals = new long[feasible.size()];
        long[] scores = new long[feasible.size()];
        for (ScorePlugin plugin : scorers) {
            if (plugin instanceof PreScorePlugin pre) {
                Status status = pre.preScore(state, pod, feasible);
                if (status.isSkip()) {
                    continue;
                }
                if (!status.isSuccess()) {
                    throw new IllegalStateException("PreScore of " + plugin.name() + " failed: " + status.message());
                }
            }
            for (int i = 0; i < scores.length; i++) {
                scores[i] = plugin.score(state, pod, feasible.get(i));
            }
            plugin.normalize(state, pod, scores);
            int weight = plugin.weight();
            for (int i = 0; i < scores.length; i++) {
                totals[i] += weight * Math.max(0, Math.min(ScorePlugin.MAX_SCORE, scores[i]));
            }
        }
        return totals;
    }
}
