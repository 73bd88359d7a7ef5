package io.quarkube.controllermanager.job;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobCondition;
import io.fabric8.kubernetes.api.model.batch.v1.JobStatus;
import io.fabric8.kubernetes.api.model.batch.v1.UncountedTerminatedPods;
import io.quarkube.api.events.EventRecorder;
import io.quarkube.controllermanager.controller.PodUtil;

import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * Kubernetes' trackJobStatusAndRemoveFinalizers: finished pods go into status.uncountedTerminatedPods (written
 * first), then lose their tracking finalizer, then move from the uncounted lists into succeeded/failed. A crash at
 * any point leaves either the finalizer (counted next time) or the UID in the uncounted list (never counted
 * twice). The terminal condition (Complete / Failed) is written only once nothing is uncounted or terminating.
 */
final class JobStatusTracker {
    /** MaxUncountedPods: keeps the uncounted lists (and one sync's finalizer removals) bounded. */
    static final int MAX_UNCOUNTED = 500;

    private final JobStatusWriter writer;
    private final FinalizerRemover remover;
    private final FinalizerExpectations finalizerExpectations;
    private final BackoffRecords backoffs;
    private final EventRecorder recorder;
    private final Clock clock;
    private final Executor podWrites;

    JobStatusTracker(JobStatusWriter writer, FinalizerRemover remover, FinalizerExpectations finalizerExpectations,
                     BackoffRecords backoffs, EventRecorder recorder, Clock clock, Executor podWrites) {
        this.writer = writer;
        this.remover = remover;
        this.finalizerExpectations = finalizerExpectations;
        this.backoffs = backoffs;
        this.recorder = recorder;
        this.clock = clock;
        this.podWrites = podWrites;
    }

    void track(JobSyncContext ctx, boolean needsFlush) {
        Job job = ctx.job;
        boolean indexed = JobPods.isIndexed(job);
        List<Pod> pods = new ArrayList<>(ctx.pods);
        if (indexed) {
            pods.sort(JobPodManager.byIndex()); // completed indexes are added in order
        }
        Set<String> uidsWithFinalizer = new HashSet<>();
        for (Pod pod : pods) {
            if (JobPods.hasTrackingFinalizer(pod) && !ctx.expectedRmFinalizers.contains(uid(pod))) {
                uidsWithFinalizer.add(uid(pod));
            }
        }
        needsFlush |= cleanUncounted(job.getStatus(), uidsWithFinalizer);
        UncountedTerminatedPods uncounted = job.getStatus().getUncountedTerminatedPods();
        List<Pod> toRemove = new ArrayList<>();
        List<Integer> newSucceededIndexes = new ArrayList<>();
        boolean reachedMax = false;
        for (Pod pod : pods) {
            if (!JobPods.hasTrackingFinalizer(pod) || ctx.expectedRmFinalizers.contains(uid(pod))) {
                continue; // counted by an earlier sync
            }
            boolean failed = JobPods.isFailed(pod, job);
            if (!canRemoveFinalizer(ctx, pod, failed)) {
                continue;
            }
            toRemove.add(pod);
            if ("Succeeded".equals(PodUtil.phase(pod)) && !ctx.uncountedFailed.contains(uid(pod))) {
                if (indexed) {
                    int index = JobPods.completionIndex(pod);
                    if (JobPods.hasValidIndex(pod, job) && !ctx.prevSucceededIndexes.has(index)) {
                        newSucceededIndexes.add(index); // the index itself guards against counting twice
                        needsFlush = true;
                    }
                } else if (!ctx.uncountedSucceeded.contains(uid(pod))) {
                    uncounted.getSucceeded().add(uid(pod));
                    needsFlush = true;
                }
            } else if (failed || (ctx.finishedCondition != null && !isSuccess(ctx.finishedCondition))) {
                // once the Job failed, every pod that did not succeed counts as failed
                if (!ctx.uncountedFailed.contains(uid(pod)) && (!indexed || JobPods.hasValidIndex(pod, job))
                        && PodFailurePolicies.match(job.getSpec().getPodFailurePolicy(), pod).countFailed()) {
                    uncounted.getFailed().add(uid(pod));
                    needsFlush = true;
                }
            }
            if (newSucceededIndexes.size() + uncounted.getSucceeded().size() + uncounted.getFailed().size()
                    >= MAX_UNCOUNTED) {
                reachedMax = true; // the status and pod updates bring the Job back for the rest
                break;
            }
        }
        if (indexed) {
            ctx.succeededIndexes = ctx.succeededIndexes.with(newSucceededIndexes);
            String completed = ctx.succeededIndexes.toString();
            if (!completed.equals(job.getStatus().getCompletedIndexes())) {
                needsFlush = true;
            }
            job.getStatus().setSucceeded(ctx.succeededIndexes.total());
            job.getStatus().setCompletedIndexes(completed);
        }
        if (ctx.finishedCondition != null && JobConditions.FAILURE_TARGET.equals(ctx.finishedCondition.getType())) {
            JobConditions.append(job, ctx.finishedCondition); // the interim condition, written before finalizers go
            needsFlush = true;
            ctx.finishedCondition = terminal(JobConditions.FAILED, ctx.finishedCondition);
        }
        if (isSuccess(ctx.finishedCondition)) {
            if (!JobConditions.isTrue(job, JobConditions.SUCCESS_CRITERIA_MET)) {
                JobConditions.append(job, ctx.finishedCondition);
                needsFlush = true;
            }
            ctx.finishedCondition = terminal(JobConditions.COMPLETE, ctx.finishedCondition);
        }
        needsFlush = flushAndRemoveFinalizers(ctx, toRemove, uidsWithFinalizer, needsFlush);
        boolean finished = !reachedMax && enactFinished(ctx);
        if (finished || needsFlush) {
            ctx.job = write(ctx.job);
            if (finished) {
                recordFinished(ctx.job, ctx.finishedCondition);
            }
        }
    }

    /** Pods may lose the finalizer when the Job is being deleted or finished, or once they succeeded or failed. */
    private static boolean canRemoveFinalizer(JobSyncContext ctx, Pod pod, boolean failed) {
        return ctx.job.getMetadata().getDeletionTimestamp() != null || ctx.finishedCondition != null
                || "Succeeded".equals(PodUtil.phase(pod)) || failed;
    }

    /** Write the uncounted UIDs, remove the finalizers, count what lost them; returns whether a write is pending. */
    private boolean flushAndRemoveFinalizers(JobSyncContext ctx, List<Pod> toRemove, Set<String> uidsWithFinalizer,
                                             boolean needsFlush) {
        if (needsFlush) {
            ctx.job = write(ctx.job);
            backoffs.update(ctx.newBackoffRecord);
            needsFlush = false;
        }
        RuntimeException removalError = null;
        if (!toRemove.isEmpty()) {
            finalizerExpectations.expectRemovals(ctx.key, toRemove.stream().map(JobStatusTracker::uid).toList());
            List<CompletableFuture<RuntimeException>> calls = toRemove.stream().map(pod ->
                    CompletableFuture.supplyAsync(() -> {
                        try {
                            remover.remove(pod);
                            return (RuntimeException) null;
                        } catch (RuntimeException e) {
                            finalizerExpectations.removalObserved(ctx.key, uid(pod)); // no update will come
                            return e;
                        }
                    }, podWrites)).toList();
            for (int i = 0; i < toRemove.size(); i++) {
                RuntimeException error = calls.get(i).join();
                if (error == null) {
                    uidsWithFinalizer.remove(uid(toRemove.get(i)));
                } else if (removalError == null) {
                    removalError = error;
                }
            }
        }
        needsFlush |= cleanUncounted(ctx.job.getStatus(), uidsWithFinalizer);
        if (removalError != null) {
            if (needsFlush) {
                ctx.job = write(ctx.job); // keep the partial progress
            }
            throw removalError;
        }
        return needsFlush;
    }

    /** Moves uncounted UIDs whose pods no longer carry the finalizer into the counters. */
    static boolean cleanUncounted(JobStatus status, Set<String> uidsWithFinalizer) {
        UncountedTerminatedPods uncounted = status.getUncountedTerminatedPods();
        boolean changed = false;
        List<String> succeeded = new ArrayList<>(uncounted.getSucceeded().stream().filter(uidsWithFinalizer::contains).toList());
        if (succeeded.size() != uncounted.getSucceeded().size()) {
            status.setSucceeded(JobSync.orZero(status.getSucceeded()) + uncounted.getSucceeded().size() - succeeded.size());
            uncounted.setSucceeded(succeeded);
            changed = true;
        }
        List<String> failed = new ArrayList<>(uncounted.getFailed().stream().filter(uidsWithFinalizer::contains).toList());
        if (failed.size() != uncounted.getFailed().size()) {
            status.setFailed(JobSync.orZero(status.getFailed()) + uncounted.getFailed().size() - failed.size());
            uncounted.setFailed(failed);
            changed = true;
        }
        return changed;
    }

    /** Adds Complete / Failed once every pod is counted and none is still terminating. */
    private boolean enactFinished(JobSyncContext ctx) {
        JobCondition condition = ctx.finishedCondition;
        if (condition == null) {
            return false;
        }
        JobStatus status = ctx.job.getStatus();
        UncountedTerminatedPods uncounted = status.getUncountedTerminatedPods();
        if (!uncounted.getSucceeded().isEmpty() || !uncounted.getFailed().isEmpty() || ctx.terminating > 0) {
            return false;
        }
        JobConditions.ensure(ctx.job, condition.getType(), condition.getStatus(), condition.getReason(),
                condition.getMessage(), clock.instant());
        if (JobConditions.COMPLETE.equals(condition.getType())) {
            status.setCompletionTime(condition.getLastTransitionTime());
        }
        return true;
    }

    private void recordFinished(Job job, JobCondition condition) {
        if (JobConditions.COMPLETE.equals(condition.getType())) {
            Integer completions = job.getSpec().getCompletions();
            if (completions != null && JobSync.orZero(job.getStatus().getSucceeded()) > completions) {
                recorder.warning(job, "TooManySucceededPods",
                        "Too many succeeded pods running after completion count reached");
            }
            recorder.normal(job, "Completed", "Job completed");
        } else {
            recorder.warning(job, condition.getReason(), condition.getMessage());
        }
    }

    /** The stored Job (new resourceVersion for the next write), with the lists this class appends to. */
    private Job write(Job job) {
        return JobSync.withStatus(writer.updateStatus(job));
    }

    private JobCondition terminal(String type, JobCondition interim) {
        return JobConditions.newCondition(type, "True", interim.getReason(), interim.getMessage(), clock.instant());
    }

    private static boolean isSuccess(JobCondition condition) {
        return condition != null && JobConditions.SUCCESS_CRITERIA_MET.equals(condition.getType());
    }

    private static String uid(Pod pod) {
        return pod.getMetadata().getUid();
    }
}
