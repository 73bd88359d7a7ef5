package io.quarkube.scheduler.framework;

import io.fabric8.kubernetes.api.model.Pod;

/** Says whether the pod may run on one node. Must not mutate the pod or the node. */
public interface FilterPlugin extends Plugin {
    Status filter(CycleState state, Pod pod, NodeInfo node);
}
