package io.quarkube.scheduler.framework;

import io.fabric8.kubernetes.api.model.Pod;

/** Runs once per attempt after filtering, before the feasible nodes are scored. */
public interface PreScorePlugin extends Plugin {
    void preScore(CycleState state, Pod pod);
}
