package io.quarkube.scheduler.framework;

import io.fabric8.kubernetes.api.model.Pod;

/**
 * Ranks a node that passed every filter. {@link #normalize} then maps the raw scores of all feasible nodes to
 * 0 (worst) .. {@link #MAX_SCORE} (best); the framework multiplies by {@link #weight()} and sums the plugins.
 */
public interface ScorePlugin extends Plugin {
    long MAX_SCORE = 100;

    long score(CycleState state, Pod pod, NodeInfo node);

    /** Scores already in 0..MAX_SCORE need nothing; counts and sums override this. */
    default void normalize(CycleState state, Pod pod, long[] scores) {
    }

    /** The plugin's weight in kube-scheduler's default profile. */
    default int weight() {
        return 1;
    }

    /**
     * Kubernetes' DefaultNormalizeScore: scales so the highest raw score becomes MAX_SCORE; with
     * {@code reverse} the highest becomes 0 (a count of bad things). All zero stays 0, or MAX_SCORE reversed.
     */
    static void defaultNormalize(long[] scores, boolean reverse) {
        long max = 0;
        for (long s : scores) {
            max = Math.max(max, s);
        }
        for (int i = 0; i < scores.length; i++) {
            long scaled = max == 0 ? 0 : MAX_SCORE * scores[i] / max;
            scores[i] = reverse ? MAX_SCORE - scaled : scaled;
        }
    }
}
