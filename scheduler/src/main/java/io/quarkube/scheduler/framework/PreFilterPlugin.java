package io.quarkube.scheduler.framework;

import io.fabric8.kubernetes.api.model.Pod;

/**
 * Runs once per scheduling attempt, before any node is filtered; computes what Filter reads back. Returning
 * {@link Status#skip()} says this plugin's Filter has nothing to check for this pod and is not called.
 */
public interface PreFilterPlugin extends Plugin {
    Status preFilter(CycleState state, Pod pod);
}
