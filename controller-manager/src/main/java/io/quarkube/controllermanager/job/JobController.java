package io.quarkube.controllermanager.job;

import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.quarkube.api.ObjectKey;
import io.quarkube.api.Resources;
import io.quarkube.api.informer.ResourceEventHandler;
import io.quarkube.controllermanager.controller.ControllerContext;
import io.quarkube.controllermanager.controller.ControllerRefResolver;
import io.quarkube.controllermanager.controller.ControllerRefs;
import io.quarkube.controllermanager.controller.ControllerRunner;
import io.quarkube.controllermanager.controller.Enqueuer;
import io.quarkube.controllermanager.controller.Expectations;
import io.quarkube.controllermanager.controller.Lister;
import io.quarkube.controllermanager.controller.PodControl;
import io.quarkube.controllermanager.controller.PodUtil;
import io.quarkube.controllermanager.controller.RealPodControl;
import io.quarkube.controllermanager.controller.RecordingPodControl;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * Maps informer events to Job keys (Kubernetes' job controller handlers): a pod's event goes to the Job that
 * controls it (or, for an orphan, to the Jobs whose selector matches), lowering the creation, deletion and
 * finalizer-removal expectations on the way. Pod events and status-only Job updates are batched for a second,
 * as Kubernetes does, so that a burst of pod updates costs one sync. It never calls the API.
 */
public final class JobController {
    /** syncJobBatchPeriod. */
    static final Duration BATCH_PERIOD = Duration.ofSeconds(1);

    private final ControllerRefResolver<Job> owners;
    private final Expectations expectations;
    private final FinalizerExpectations finalizerExpectations;
    private final Enqueuer queue;
    private final Clock clock;

    JobController(Lister<Job> jobs, Expectations expectations, FinalizerExpectations finalizerExpectations,
                  Enqueuer queue, Clock clock) {
        this.owners = owners(jobs);
        this.expectations = expectations;
        this.finalizerExpectations = finalizerExpectations;
        this.queue = queue;
        this.clock = clock;
    }

    /** Follows Jobs and pods; creates and deletes pods (events SuccessfulCreate / SuccessfulDelete on the Job). */
    public static ControllerRunner setUp(ControllerContext context) {
        Lister<Pod> pods = context.lister(Resources.PODS);
        Lister<Job> jobs = context.lister(Resources.JOBS);
        var recorder = context.recorder("job-controller");
        PodControl podControl = new RecordingPodControl(new RealPodControl(context.api()), recorder, jobs, pods);
        Expectations expectations = new Expectations(context.clock(), context.config().expectationsTtl());
        FinalizerExpectations finalizerExpectations = new FinalizerExpectations();
        JobSync sync = new JobSync(jobs, pods, podControl, job -> context.api().updateStatus(Resources.JOBS, job),
                expectations, finalizerExpectations, new BackoffRecords(), recorder, context.clock(),
                context.podWrites());
        ControllerRunner runner = new ControllerRunner("job", sync, context.config().jobWorkers());
        JobController controller = new JobController(jobs, expectations, finalizerExpectations, runner,
                context.clock());
        context.addHandler(Resources.JOBS, controller.jobHandler());
        context.addHandler(Resources.PODS, controller.podHandler());
        return runner;
    }

    public ResourceEventHandler<Job> jobHandler() {
        return new ResourceEventHandler<>() {
            @Override
            public void onAdd(Job job) {
                queue.enqueue(key(job));
            }

            @Override
            public void onUpdate(Job oldJob, Job newJob) {
                updateJob(oldJob, newJob);
            }

            @Override
            public void onDelete(Job job) {
                queue.enqueue(key(job));
            }
        };
    }

    public ResourceEventHandler<Pod> podHandler() {
        return new ResourceEventHandler<>() {
            @Override
            public void onAdd(Pod pod) {
                addPod(pod);
            }

            @Override
            public void onUpdate(Pod oldPod, Pod newPod) {
                updatePod(oldPod, newPod);
            }

            @Override
            public void onDelete(Pod pod) {
                deletePod(pod, true);
            }
        };
    }

    void updateJob(Job oldJob, Job newJob) {
        if (Objects.equals(oldJob.getMetadata().getGeneration(), newJob.getMetadata().getGeneration())) {
            queue.enqueueAfter(key(newJob), BATCH_PERIOD); // status-only: batch with the pod events
        } else {
            queue.enqueue(key(newJob)); // spec change: act at once
        }
        Long deadline = newJob.getSpec() == null ? null : newJob.getSpec().getActiveDeadlineSeconds();
        Long oldDeadline = oldJob.getSpec() == null ? null : oldJob.getSpec().getActiveDeadlineSeconds();
        Instant start = newJob.getStatus() == null ? null : PodUtil.time(newJob.getStatus().getStartTime());
        if (start != null && deadline != null && !deadline.equals(oldDeadline)) {
            Duration left = Duration.ofSeconds(deadline).minus(Duration.between(start, clock.instant()));
            queue.enqueueAfter(key(newJob), left.isNegative() ? Duration.ZERO : left);
        }
    }

    void addPod(Pod pod) {
        if (pod.getMetadata().getDeletionTimestamp() != null) {
            deletePod(pod, false); // seen for the first time while already terminating: not a creation
            return;
        }
        OwnerReference ref = ControllerRefs.controllerOf(pod);
        if (ref != null) {
            Job job = resolveControllerRef(pod.getMetadata().getNamespace(), ref);
            if (job != null) {
                expectations.creationObserved(key(job));
                queue.enqueueAfter(key(job), BATCH_PERIOD);
            }
            return;
        }
        enqueueMatching(pod);
    }

    void updatePod(Pod oldPod, Pod newPod) {
        if (Objects.equals(oldPod.getMetadata().getResourceVersion(), newPod.getMetadata().getResourceVersion())) {
            return;
        }
        if (newPod.getMetadata().getDeletionTimestamp() != null) {
            // a graceful deletion starts: replace the pod now rather than once the kubelet is done
            deletePod(newPod, false);
            return;
        }
        boolean finalizerRemoved = !JobPods.hasTrackingFinalizer(newPod);
        OwnerReference oldRef = ControllerRefs.controllerOf(oldPod);
        OwnerReference newRef = ControllerRefs.controllerOf(newPod);
        boolean refChanged = !Objects.equals(oldRef, newRef);
        if (refChanged && oldRef != null) {
            Job previous = resolveControllerRef(oldPod.getMetadata().getNamespace(), oldRef);
            if (previous != null) {
                if (finalizerRemoved) {
                    finalizerExpectations.removalObserved(key(previous), newPod.getMetadata().getUid());
                }
                queue.enqueueAfter(key(previous), BATCH_PERIOD);
            }
        }
        if (newRef != null) {
            Job job = resolveControllerRef(newPod.getMetadata().getNamespace(), newRef);
            if (job != null) {
                if (finalizerRemoved) {
                    finalizerExpectations.removalObserved(key(job), newPod.getMetadata().getUid());
                }
                queue.enqueueAfter(key(job), BATCH_PERIOD);
            }
            return;
        }
        boolean labelsChanged = !Objects.equals(oldPod.getMetadata().getLabels(), newPod.getMetadata().getLabels());
        if (labelsChanged || refChanged) {
            enqueueMatching(newPod);
        }
    }

    /** @param gone true when the pod left the store, false when it only got its deletionTimestamp */
    void deletePod(Pod pod, boolean gone) {
        OwnerReference ref = ControllerRefs.controllerOf(pod);
        if (ref == null) {
            return;
        }
        Job job = resolveControllerRef(pod.getMetadata().getNamespace(), ref);
        if (job == null || JobConditions.isFinished(job)) {
            return; // OrphanPodController removes what finalizer is left
        }
        expectations.deletionObserved(key(job), pod.getMetadata().getUid());
        if (gone || !JobPods.hasTrackingFinalizer(pod)) {
            finalizerExpectations.removalObserved(key(job), pod.getMetadata().getUid());
        }
        queue.enqueueAfter(key(job), BATCH_PERIOD);
    }

    private Job resolveControllerRef(String namespace, OwnerReference ref) {
        return owners.resolve(namespace, ref);
    }

    /** Resolves controller references to cached Jobs; a Job without a selector matches no orphan. */
    static ControllerRefResolver<Job> owners(Lister<Job> jobs) {
        return new ControllerRefResolver<>(jobs, "batch", JobPodTemplate.KIND,
                job -> job.getSpec() == null ? null : job.getSpec().getSelector());
    }

    private void enqueueMatching(Pod orphan) {
        for (Job job : owners.matching(orphan)) {
            queue.enqueueAfter(key(job), BATCH_PERIOD);
        }
    }

    static String key(Job job) {
        return ObjectKey.of(job).toString();
    }
}
