package io.quarkube.controllermanager.job;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobCondition;

import java.time.Duration;
import java.util.List;
import java.util.Set;

/** The state of one Job sync (Kubernetes' syncJobCtx), shared by the sync, the pod manager and the tracker. */
final class JobSyncContext {
    final String key;
    /** The working copy; replaced by the stored Job after each status write. */
    Job job;
    final List<Pod> pods;
    final List<Pod> activePods;
    final Set<String> expectedRmFinalizers;
    final Set<String> uncountedSucceeded;
    final Set<String> uncountedFailed;
    int succeeded;
    int failed;
    int ready;
    int terminating;
    CompletionIndexes prevSucceededIndexes = CompletionIndexes.EMPTY;
    CompletionIndexes succeededIndexes = CompletionIndexes.EMPTY;
    BackoffRecords.Record newBackoffRecord;
    /** SuccessCriteriaMet / FailureTarget (interim) or Complete / Failed (terminal) once decided. */
    JobCondition finishedCondition;
    private Duration requeueAfter;

    JobSyncContext(String key, Job job, List<Pod> pods, List<Pod> activePods, Set<String> expectedRmFinalizers) {
        this.key = key;
        this.job = job;
        this.pods = pods;
        this.activePods = activePods;
        this.expectedRmFinalizers = expectedRmFinalizers;
        var uncounted = job.getStatus().getUncountedTerminatedPods();
        this.uncountedSucceeded = Set.copyOf(uncounted.getSucceeded());
        this.uncountedFailed = Set.copyOf(uncounted.getFailed());
    }

    /** Asks for another sync after this delay (the earliest of all asked for wins). */
    void requeueAfter(Duration delay) {
        Duration d = delay.isNegative() ? Duration.ZERO : delay;
        if (requeueAfter == null || d.compareTo(requeueAfter) < 0) {
            requeueAfter = d;
        }
    }

    Duration requeueAfter() {
        return requeueAfter;
    }
}
