package io.quarkube.controllermanager.job;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.quarkube.api.client.ApiException;
import io.quarkube.controllermanager.controller.ActivePodsRanking;
import io.quarkube.controllermanager.controller.Expectations;
import io.quarkube.controllermanager.controller.PodControl;
import io.quarkube.controllermanager.controller.PodUtil;
import io.quarkube.controllermanager.controller.SlowStart;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;

/**
 * Kubernetes' manageJob: keeps min(parallelism, remaining completions) pods running (for a work queue Job,
 * parallelism until one succeeded), deletes all of them while suspended, waits out the failure backoff before
 * creating replacements, and gives an Indexed Job one pod per pending index.
 */
final class JobPodManager {
    /** MaxPodCreateDeletePerSync. */
    static final int MAX_PER_SYNC = 500;
    /** syncJobBatchPeriod: a delayed re-creation is never retried sooner than this. */
    static final Duration MIN_DELAY = Duration.ofSeconds(1);
    private static final Logger LOG = Logger.getLogger(JobPodManager.class);

    record Outcome(int active, RuntimeException error) {
    }

    record Deleted(int count, int ready, RuntimeException error) {
    }

    private final PodControl podControl;
    private final FinalizerRemover remover;
    private final Expectations expectations;
    private final Clock clock;
    private final Executor podWrites;
    private final Duration backoffBase;
    private final Duration backoffMax;

    JobPodManager(PodControl podControl, FinalizerRemover remover, Expectations expectations, Clock clock,
                  Executor podWrites) {
        this.podControl = podControl;
        this.remover = remover;
        this.expectations = expectations;
        this.clock = clock;
        this.podWrites = podWrites;
        this.backoffBase = BackoffRecords.DEFAULT_BACKOFF;
        this.backoffMax = BackoffRecords.MAX_BACKOFF;
    }

    Outcome manage(JobSyncContext ctx) {
        Job job = ctx.job;
        int active = ctx.activePods.size();
        if (JobSync.suspended(job)) {
            return delete(ctx, activePodsForRemoval(job, ctx.activePods, active), active);
        }
        int parallelism = JobSync.orZero(job.getSpec().getParallelism());
        Integer completions = job.getSpec().getCompletions();
        int wantActive;
        if (completions == null) {
            wantActive = ctx.succeeded > 0 ? active : parallelism; // once one succeeded, let the others finish
        } else {
            wantActive = Math.max(0, Math.min(completions - ctx.succeeded, parallelism));
        }
        List<Pod> victims = activePodsForRemoval(job, ctx.activePods, Math.max(0, active - wantActive));
        if (!victims.isEmpty()) {
            // deletions take precedence: never create and delete in the same sync
            return delete(ctx, victims.subList(0, Math.min(victims.size(), MAX_PER_SYNC)), active);
        }
        int terminating = JobPods.onlyReplaceFailedPods(job) ? ctx.terminating : 0;
        int diff = wantActive - terminating - active;
        if (diff <= 0) {
            return new Outcome(active, null);
        }
        Duration wait = ctx.newBackoffRecord.remaining(clock, backoffBase, backoffMax);
        if (!wait.isNegative() && !wait.isZero()) {
            ctx.requeueAfter(wait.compareTo(MIN_DELAY) < 0 ? MIN_DELAY : wait);
            return new Outcome(active, null);
        }
        diff = Math.min(diff, MAX_PER_SYNC);
        ConcurrentLinkedQueue<Integer> indexes = new ConcurrentLinkedQueue<>();
        if (JobPods.isIndexed(job)) {
            indexes.addAll(firstPendingIndexes(ctx, diff));
            diff = indexes.size();
            if (diff == 0) {
                return new Outcome(active, null);
            }
        }
        LOG.infof("Job %s: %d active, want %d, creating %d", ctx.key, active, wantActive, diff);
        expectations.expectCreations(ctx.key, diff); // before creating: the pod may be seen before create returns
        boolean indexed = JobPods.isIndexed(job);
        SlowStart.Outcome outcome = SlowStart.run(diff, 1, podWrites, () -> podControl.createPod(
                JobPodTemplate.newPod(job, indexed ? indexes.remove() : JobPods.UNKNOWN_INDEX)));
        int notCreated = diff - outcome.successes();
        if (notCreated > 0) {
            expectations.lowerCreations(ctx.key, notCreated); // failed or skipped: no event will report them
        }
        return new Outcome(active + outcome.successes(), outcome.firstError());
    }

    /** Suspend and scale-down: the pods are not counted, so their finalizer goes before they are deleted. */
    private Outcome delete(JobSyncContext ctx, List<Pod> victims, int active) {
        if (victims.isEmpty()) {
            return new Outcome(active, null);
        }
        LOG.infof("Job %s: deleting %d active pods", ctx.key, victims.size());
        expectations.expectDeletions(ctx.key, victims.stream().map(p -> p.getMetadata().getUid()).toList());
        Deleted deleted = run(victims, pod -> {
            try {
                remover.remove(pod);
                podControl.deletePod(pod.getMetadata().getNamespace(), pod.getMetadata().getName(),
                        pod.getMetadata().getUid());
            } catch (RuntimeException e) {
                expectations.deletionObserved(ctx.key, pod.getMetadata().getUid()); // no event will come for it
                throw e;
            }
        });
        ctx.terminating += deleted.count();
        ctx.ready -= deleted.ready();
        return new Outcome(active - deleted.count(), deleted.error());
    }

    /** A finished Job's remaining pods: deleted with their finalizer, so the tracker counts them as failed. */
    Deleted deleteActivePods(Job job, List<Pod> active) {
        return run(active, pod -> podControl.deletePod(pod.getMetadata().getNamespace(), pod.getMetadata().getName(),
                pod.getMetadata().getUid()));
    }

    private Deleted run(List<Pod> pods, java.util.function.Consumer<Pod> deletion) {
        List<CompletableFuture<RuntimeException>> calls = new ArrayList<>();
        for (Pod pod : pods) {
            calls.add(CompletableFuture.supplyAsync(() -> {
                try {
                    deletion.accept(pod);
                    return null;
                } catch (ApiException e) {
                    return e.isNotFound() ? null : e;
                } catch (RuntimeException e) {
                    return e;
                }
            }, podWrites));
        }
        int count = 0;
        int ready = 0;
        RuntimeException first = null;
        for (int i = 0; i < pods.size(); i++) {
            RuntimeException error = calls.get(i).join();
            if (error == null) {
                count++;
                ready += PodUtil.isReady(pods.get(i)) ? 1 : 0;
            } else if (first == null) {
                first = error;
            }
        }
        return new Deleted(count, ready, first);
    }

    /**
     * Pods to delete: for an Indexed Job first those without a valid index and all but one per repeated index,
     * then the least advanced ones (ActivePodsRanking) until {@code atLeast} are chosen.
     */
    static List<Pod> activePodsForRemoval(Job job, List<Pod> pods, int atLeast) {
        List<Pod> remove = new ArrayList<>();
        List<Pod> left = new ArrayList<>();
        if (JobPods.isIndexed(job)) {
            Map<Integer, List<Pod>> byIndex = new TreeMap<>();
            for (Pod pod : pods) {
                if (!JobPods.hasValidIndex(pod, job)) {
                    remove.add(pod);
                } else {
                    byIndex.computeIfAbsent(JobPods.completionIndex(pod), i -> new ArrayList<>()).add(pod);
                }
            }
            for (List<Pod> same : byIndex.values()) {
                List<Pod> extra = ActivePodsRanking.podsToDelete(same, same.size() - 1);
                remove.addAll(extra);
                same.stream().filter(p -> !extra.contains(p)).forEach(left::add);
            }
        } else {
            left.addAll(pods);
        }
        if (remove.size() < atLeast) {
            remove.addAll(ActivePodsRanking.podsToDelete(left, atLeast - remove.size()));
        }
        return remove;
    }

    /** Indexes below completions that no succeeded, active (or, if only failures are replaced, terminating) pod has. */
    static List<Integer> firstPendingIndexes(JobSyncContext ctx, int count) {
        CompletionIndexes taken = ctx.succeededIndexes.with(JobPods.indexes(ctx.activePods));
        if (JobPods.onlyReplaceFailedPods(ctx.job)) {
            taken = taken.with(JobPods.indexes(ctx.pods.stream().filter(JobPods::isTerminating).toList()));
        }
        return taken.firstMissing(count, JobPods.completions(ctx.job));
    }

    static Comparator<Pod> byIndex() {
        return Comparator.comparingInt(JobPods::completionIndex);
    }
}
