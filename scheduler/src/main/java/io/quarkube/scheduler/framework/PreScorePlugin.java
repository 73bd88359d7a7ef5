package io.quarkube.scheduler.framework;

import io.fabric8.kubernetes.api.model.Pod;

import java.util.List;

/**
 * Runs once per attempt after filtering, before the feasible nodes are scored. Returning {@link Status#skip()}
 * says this plugin's Score would give every node the same value for this pod, so it is not called.
 */
public interface PreScorePlugin extends Plugin {
    Status preScore(CycleState state, Pod pod, List<NodeInfo> feasibleNodes);
}
