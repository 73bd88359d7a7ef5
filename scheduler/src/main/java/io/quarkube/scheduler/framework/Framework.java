package io.quarkube.scheduler.framework;

import io.fabric8.kubernetes.api.model.Pod;

import java.util.ArrayList;
import java.util.List;

/** Runs the configured plugins of each extension point in order. */
public final class Framework {
    private final List<PreFilterPlugin> preFilters = new ArrayList<>();
    private final List<FilterPlugin> filters = new ArrayList<>();
    private final List<PreScorePlugin> preScorers = new ArrayList<>();
    private final List<ScorePlugin> scorers = new ArrayList<>();

    public Framework(List<? extends Plugin> plugins) {
        for (Plugin plugin : plugins) {
            if (plugin instanceof PreFilterPlugin p) {
                preFilters.add(p);
            }
            if (plugin instanceof FilterPlugin f) {
                filters.add(f);
            }
            if (plugin instanceof PreScorePlugin p) {
                preScorers.add(p);
            }
            if (plugin instanceof ScorePlugin s) {
                scorers.add(s);
            }
        }
    }

    public Status runPreFilters(CycleState state, Pod pod) {
        for (PreFilterPlugin plugin : preFilters) {
            Status status = plugin.preFilter(state, pod);
            if (!status.isSuccess()) {
                return status.withPlugin(plugin.name());
            }
        }
        return Status.success();
    }

    /** The first plugin that rejects the node decides, as in Kubernetes. */
    public Status runFilters(CycleState state, Pod pod, NodeInfo node) {
        for (FilterPlugin plugin : filters) {
            Status status = plugin.filter(state, pod, node);
            if (!status.isSuccess()) {
                return status.withPlugin(plugin.name());
            }
        }
        return Status.success();
    }

    public void runPreScores(CycleState state, Pod pod) {
        preScorers.forEach(plugin -> plugin.preScore(state, pod));
    }

    public long runScores(CycleState state, Pod pod, NodeInfo node) {
        long total = 0;
        for (ScorePlugin plugin : scorers) {
            total += plugin.weight() * Math.max(0, Math.min(ScorePlugin.MAX_SCORE, plugin.score(state, pod, node)));
        }
        return total;
    }
}
