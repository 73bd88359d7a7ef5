package io.quarkube.scheduler;

import io.fabric8.kubernetes.api.model.Pod;
import io.quarkube.scheduler.framework.CycleState;
import io.quarkube.scheduler.framework.Framework;
import io.quarkube.scheduler.framework.NodeInfo;
import io.quarkube.scheduler.framework.Plugin;
import io.quarkube.scheduler.framework.Snapshot;

import java.util.List;

/** Runs one plugin's PreScore, Score, NormalizeScore and weight over nodes, as the framework does. */
public final class ScoreRuns {
    private ScoreRuns() {
    }

    /** Weighted, normalized scores in the order of {@code nodes}. */
    public static long[] scores(Plugin plugin, Pod pod, List<NodeInfo> nodes) {
        CycleState state = new CycleState(Snapshot.of(nodes));
        Framework framework = new Framework(List.of(plugin));
        framework.runPreFilters(state, pod);
        return framework.runScores(state, pod, nodes);
    }
}
