package io.quarkube.controllermanager.job;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobCondition;
import io.fabric8.kubernetes.api.model.batch.v1.JobStatus;
import io.fabric8.kubernetes.api.model.batch.v1.UncountedTerminatedPods;
import io.quarkube.api.ObjectKey;
import io.quarkube.api.events.EventRecorder;
import io.quarkube.api.json.Json;
import io.quarkube.controllermanager.controller.ControllerRefManager;
import io.quarkube.controllermanager.controller.Expectations;
import io.quarkube.controllermanager.controller.Lister;
import io.quarkube.controllermanager.controller.PodControl;
import io.quarkube.controllermanager.controller.PodUtil;
import io.quarkube.controllermanager.controller.Reconciler;
import io.quarkube.controllermanager.controller.Result;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The level-triggered sync of one Job (Kubernetes' syncJob): claim its pods, count the newly finished ones, decide
 * whether it has succeeded or failed (backoffLimit, activeDeadlineSeconds, podFailurePolicy), otherwise create or
 * delete pods ({@link JobPodManager}), and write the status through {@link JobStatusTracker}, which counts pods
 * before removing their tracking finalizers.
 */
public final class JobSync implements Reconciler {
    private static final Logger LOG = Logger.getLogger(JobSync.class);

    private final Lister<Job> jobs;
    private final Lister<Pod> pods;
    private final ControllerRefManager refManager;
    private final Expectations expectations;
    private final FinalizerExpectations finalizerExpectations;
    private final BackoffRecords backoffs;
    private final JobPodManager podManager;
    private final JobStatusTracker tracker;
    private final EventRecorder recorder;
    private final Clock clock;

    JobSync(Lister<Job> jobs, Lister<Pod> pods, PodControl podControl, JobStatusWriter statusWriter,
            Expectations expectations, FinalizerExpectations finalizerExpectations, BackoffRecords backoffs,
            EventRecorder recorder, Clock clock, java.util.concurrent.Executor podWrites) {
        this.jobs = jobs;
        this.pods = pods;
        this.refManager = new ControllerRefManager(podControl);
        this.expectations = expectations;
        this.finalizerExpectations = finalizerExpectations;
        this.backoffs = backoffs;
        this.recorder = recorder;
        this.clock = clock;
        FinalizerRemover remover = new FinalizerRemover(podControl);
        this.podManager = new JobPodManager(podControl, remover, expectations, clock, podWrites);
        this.tracker = new JobStatusTracker(statusWriter, remover, finalizerExpectations, backoffs, recorder, clock,
                podWrites);
    }

    @Override
    public Result sync(String key) {
        ObjectKey name = ObjectKey.parse(key);
        Optional<Job> found = jobs.get(name.namespace(), name.name());
        if (found.isEmpty()) {
            expectations.delete(key);
            finalizerExpectations.delete(key);
            backoffs.remove(key);
            return Result.done();
        }
        Job shared = found.get();
        if (JobConditions.isFinished(shared)) {
            backoffs.remove(key); // a finished Job is never redone; leftover finalizers go through OrphanPodSync
            return Result.done();
        }
        if (shared.getSpec() == null || shared.getSpec().getSelector() == null || shared.getSpec().getTemplate() == null) {
            LOG.warnf("Job %s has no selector or template; ignoring it", key);
            return Result.done();
        }
        String mode = shared.getSpec().getCompletionMode();
        if (mode != null && !mode.equals("NonIndexed") && !mode.equals("Indexed")) {
            recorder.warning(shared, "UnknownCompletionMode", "Skipped Job sync because completion mode is unknown");
            return Result.done();
        }
        Job job = withStatus(Json.copy(shared, Job.class));

        // expectations first: a pod created after this check shows up in the next sync rather than sneaking in
        boolean satisfied = expectations.satisfied(key);
        // an adopted pod gets the tracking finalizer too, or it would never be counted (not once finished)
        ControllerRefManager.Claim<Pod> claim = refManager.claimPods(job, job.getSpec().getSelector(),
                pods.list(name.namespace()), () -> JobPodTemplate.controllerRef(job),
                JobConditions.isFinished(job) ? null : JobPods.TRACKING_FINALIZER);
        if (claim.retry()) {
            return Result.requeue();
        }
        List<Pod> owned = claim.owned();
        List<Pod> active = owned.stream().filter(PodUtil::isActive).toList();
        JobSyncContext ctx = new JobSyncContext(key, job, owned, active, finalizerExpectations.expected(key));
        ctx.ready = (int) active.stream().filter(PodUtil::isReady).count();
        ctx.terminating = (int) owned.stream().filter(JobPods::isTerminating).count();
        int activeCount = active.size();

        List<Pod> newSucceeded = newFinished(ctx, ctx.uncountedSucceeded, p -> "Succeeded".equals(PodUtil.phase(p)));
        List<Pod> newFailed = newFinished(ctx, ctx.uncountedFailed, p -> JobPods.isFailed(p, job));
        JobStatus status = job.getStatus();
        ctx.succeeded = orZero(status.getSucceeded()) + newSucceeded.size() + ctx.uncountedSucceeded.size();
        ctx.failed = orZero(status.getFailed()) + countedFailures(job, newFailed) + ctx.uncountedFailed.size();

        boolean startTimeSet = false;
        if (status.getStartTime() == null && !suspended(job)) {
            status.setStartTime(JobConditions.timestamp(clock.instant()));
            startTimeSet = true;
        }
        ctx.newBackoffRecord = backoffs.next(key, newSucceeded, newFailed);
        decideFinished(ctx);
        if (JobPods.isIndexed(job)) {
            int completions = JobPods.completions(job);
            ctx.prevSucceededIndexes = CompletionIndexes.parse(status.getCompletedIndexes(), completions);
            ctx.succeededIndexes = ctx.prevSucceededIndexes.with(owned.stream()
                    .filter(p -> "Succeeded".equals(PodUtil.phase(p)) && JobPods.hasValidIndex(p, job)
                            && JobPods.hasTrackingFinalizer(p))
                    .map(JobPods::completionIndex).toList());
            ctx.succeeded = ctx.succeededIndexes.total();
        }

        RuntimeException manageError = null;
        boolean suspendChanged = false;
        if (ctx.finishedCondition != null) {
            JobPodManager.Deleted deleted = podManager.deleteActivePods(job, active);
            if (deleted.count() != activeCount || !satisfied) {
                ctx.finishedCondition = null; // finalizers or uncached pods may remain: decide again next time
            }
            activeCount -= deleted.count();
            ctx.terminating += deleted.count();
            ctx.ready -= deleted.ready();
            manageError = deleted.error();
        } else {
            boolean managed = false;
            if (satisfied && job.getMetadata().getDeletionTimestamp() == null) {
                JobPodManager.Outcome outcome = podManager.manage(ctx);
                activeCount = outcome.active();
                manageError = outcome.error();
                managed = true;
            }
            Integer completions = job.getSpec().getCompletions();
            boolean complete = completions == null ? ctx.succeeded > 0 && activeCount == 0
                    : ctx.succeeded >= completions && activeCount == 0;
            if (complete) {
                ctx.finishedCondition = JobConditions.newCondition(JobConditions.SUCCESS_CRITERIA_MET, "True",
                        JobConditions.REASON_COMPLETIONS_REACHED, "Reached expected number of succeeded pods",
                        clock.instant());
            } else if (managed) {
                suspendChanged = updateSuspended(job);
            }
        }

        boolean needsStatusUpdate = suspendChanged || startTimeSet || activeCount != orZero(status.getActive())
                || !Objects.equals(ctx.ready, status.getReady())
                || !Objects.equals(ctx.terminating, status.getTerminating());
        status.setActive(activeCount);
        status.setReady(ctx.ready);
        status.setTerminating(ctx.terminating);
        tracker.track(ctx, needsStatusUpdate);
        if (manageError != null) {
            throw manageError;
        }
        return ctx.requeueAfter() == null ? Result.done() : Result.requeueAfter(ctx.requeueAfter());
    }

    /** Failure first (a FailureTarget already written, a FailJob rule, backoffLimit, the deadline), else success. */
    private void decideFinished(JobSyncContext ctx) {
        Job job = ctx.job;
        Instant now = clock.instant();
        ctx.finishedCondition = JobConditions.find(job, JobConditions.SUCCESS_CRITERIA_MET)
                .filter(c -> "True".equals(c.getStatus())).orElse(null);
        if (ctx.finishedCondition == null) {
            Optional<JobCondition> target = JobConditions.find(job, JobConditions.FAILURE_TARGET)
                    .filter(c -> "True".equals(c.getStatus()));
            if (target.isPresent()) {
                ctx.finishedCondition = JobConditions.newCondition(JobConditions.FAILED, "True",
                        target.get().getReason(), target.get().getMessage(), now);
            } else {
                String message = failJobMessage(job, ctx.pods);
                if (message != null) {
                    ctx.finishedCondition = JobConditions.newCondition(JobConditions.FAILURE_TARGET, "True",
                            JobConditions.REASON_POD_FAILURE_POLICY, message, now);
                }
            }
        }
        if (ctx.finishedCondition != null) {
            return;
        }
        int backoffLimit = orZero(job.getSpec().getBackoffLimit());
        if (ctx.failed > backoffLimit || pastBackoffLimitOnFailure(job, ctx.pods, backoffLimit)) {
            ctx.finishedCondition = JobConditions.newCondition(JobConditions.FAILURE_TARGET, "True",
                    JobConditions.REASON_BACKOFF_LIMIT_EXCEEDED, "Job has reached the specified backoff limit", now);
        } else if (job.getSpec().getActiveDeadlineSeconds() != null && !suspended(job)) {
            Instant start = PodUtil.time(job.getStatus().getStartTime());
            Duration left = Duration.ofSeconds(job.getSpec().getActiveDeadlineSeconds())
                    .minus(Duration.between(start == null ? now : start, now));
            if (left.isNegative() || left.isZero()) {
                ctx.finishedCondition = JobConditions.newCondition(JobConditions.FAILURE_TARGET, "True",
                        JobConditions.REASON_DEADLINE_EXCEEDED, "Job was active longer than specified deadline", now);
            } else {
                ctx.requeueAfter(left);
            }
        }
    }

    /** Suspended=True (event Suspended) or, once resumed, False (event Resumed, startTime restarts the deadline). */
    private boolean updateSuspended(Job job) {
        Instant now = clock.instant();
        if (suspended(job)) {
            boolean changed = JobConditions.ensure(job, JobConditions.SUSPENDED, "True", "JobSuspended",
                    "Job suspended", now);
            if (changed) {
                recorder.normal(job, "Suspended", "Job suspended");
            }
            return changed;
        }
        boolean changed = JobConditions.ensure(job, JobConditions.SUSPENDED, "False", "JobResumed", "Job resumed", now);
        if (changed) {
            recorder.normal(job, "Resumed", "Job resumed");
            job.getStatus().setStartTime(JobConditions.timestamp(now));
        }
        return changed;
    }

    /** Finished pods not counted yet: still carrying the finalizer, not in the uncounted lists, valid index. */
    private static List<Pod> newFinished(JobSyncContext ctx, java.util.Set<String> uncounted,
                                         java.util.function.Predicate<Pod> filter) {
        List<Pod> result = new ArrayList<>();
        for (Pod pod : ctx.pods) {
            String uid = pod.getMetadata().getUid();
            if (!JobPods.hasTrackingFinalizer(pod) || uncounted.contains(uid) || ctx.expectedRmFinalizers.contains(uid)) {
                continue;
            }
            if (JobPods.isIndexed(ctx.job) && !JobPods.hasValidIndex(pod, ctx.job)) {
                continue;
            }
            if (filter.test(pod)) {
                result.add(pod);
            }
        }
        return result;
    }

    private static int countedFailures(Job job, List<Pod> failed) {
        if (job.getSpec().getPodFailurePolicy() == null) {
            return failed.size();
        }
        return (int) failed.stream()
                .filter(p -> PodFailurePolicies.match(job.getSpec().getPodFailurePolicy(), p).countFailed()).count();
    }

    private static String failJobMessage(Job job, List<Pod> pods) {
        if (job.getSpec().getPodFailurePolicy() == null) {
            return null;
        }
        for (Pod pod : pods) {
            if (JobPods.isFailed(pod, job)) {
                String message = PodFailurePolicies.match(job.getSpec().getPodFailurePolicy(), pod).failJobMessage();
                if (message != null) {
                    return message;
                }
            }
        }
        return null;
    }

    /** restartPolicy OnFailure: the kubelet restarts containers in place, so their restarts count as failures. */
    private static boolean pastBackoffLimitOnFailure(Job job, List<Pod> pods, int backoffLimit) {
        if (!"OnFailure".equals(job.getSpec().getTemplate().getSpec().getRestartPolicy())) {
            return false;
        }
        int restarts = pods.stream().mapToInt(JobPods::restarts).sum();
        return backoffLimit == 0 ? restarts > 0 : restarts >= backoffLimit;
    }

    static boolean suspended(Job job) {
        return Boolean.TRUE.equals(job.getSpec().getSuspend());
    }

    static Job withStatus(Job job) {
        if (job.getStatus() == null) {
            job.setStatus(new JobStatus());
        }
        UncountedTerminatedPods uncounted = job.getStatus().getUncountedTerminatedPods();
        if (uncounted == null) {
            uncounted = new UncountedTerminatedPods();
            job.getStatus().setUncountedTerminatedPods(uncounted);
        }
        uncounted.setSucceeded(uncounted.getSucceeded() == null ? new ArrayList<>() : new ArrayList<>(uncounted.getSucceeded()));
        uncounted.setFailed(uncounted.getFailed() == null ? new ArrayList<>() : new ArrayList<>(uncounted.getFailed()));
        return job;
    }

    static int orZero(Integer value) {
        return value == null ? 0 : value;
    }
}
