package io.quarkube.scheduler.framework;

import io.fabric8.kubernetes.api.model.Pod;

/** Ranks a node that passed every filter: 0 (worst) to {@link #MAX_SCORE} (best). */
public interface ScorePlugin extends Plugin {
    long MAX_SCORE = 100;

    long score(CycleState state, Pod pod, NodeInfo node);

    default int weight() {
        return 1;
    }
}
