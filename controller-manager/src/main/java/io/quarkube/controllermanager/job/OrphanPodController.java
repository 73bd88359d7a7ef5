package io.quarkube.controllermanager.job;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.quarkube.api.ObjectKey;
import io.quarkube.api.Resources;
import io.quarkube.api.informer.ResourceEventHandler;
import io.quarkube.controllermanager.controller.ControllerContext;
import io.quarkube.controllermanager.controller.ControllerRefs;
import io.quarkube.controllermanager.controller.ControllerRunner;
import io.quarkube.controllermanager.controller.Enqueuer;
import io.quarkube.controllermanager.controller.Lister;
import io.quarkube.controllermanager.controller.RealPodControl;

/**
 * The Job controller's orphan queue: pods that still carry the job-tracking finalizer although no running Job will
 * count them (their Job finished, was deleted, or released them) are queued by pod key for {@link OrphanPodSync}.
 */
public final class OrphanPodController {
    private final Lister<Pod> pods;
    private final Lister<Job> jobs;
    private final Enqueuer queue;

    OrphanPodController(Lister<Pod> pods, Lister<Job> jobs, Enqueuer queue) {
        this.pods = pods;
        this.jobs = jobs;
        this.queue = queue;
    }

    public static ControllerRunner setUp(ControllerContext context) {
        Lister<Pod> pods = context.lister(Resources.PODS);
        Lister<Job> jobs = context.lister(Resources.JOBS);
        OrphanPodSync sync = new OrphanPodSync(pods, jobs, new FinalizerRemover(new RealPodControl(context.api())));
        ControllerRunner runner = new ControllerRunner("job-orphan-pods", sync, 1);
        OrphanPodController controller = new OrphanPodController(pods, jobs, runner);
        context.addHandler(Resources.PODS, controller.podHandler());
        context.addHandler(Resources.JOBS, controller.jobHandler());
        return runner;
    }

    ResourceEventHandler<Pod> podHandler() {
        return ResourceEventHandler.onAddOrUpdate(this::check); // a deleted pod: nothing left to remove
    }

    ResourceEventHandler<Job> jobHandler() {
        return new ResourceEventHandler<>() {
            @Override
            public void onAdd(Job job) {
                if (JobConditions.isFinished(job)) {
                    enqueuePodsOf(job);
                }
            }

            @Override
            public void onUpdate(Job oldJob, Job newJob) {
                if (JobConditions.isFinished(newJob)) {
                    enqueuePodsOf(newJob); // a backup: a Job finishes only once its pods were counted
                }
            }

            @Override
            public void onDelete(Job job) {
                enqueuePodsOf(job);
            }
        };
    }

    private void check(Pod pod) {
        if (OrphanPodSync.needsCleanup(pod, jobs)) {
            queue.enqueue(ObjectKey.of(pod).toString());
        }
    }

    private void enqueuePodsOf(Job job) {
        for (Pod pod : pods.list(job.getMetadata().getNamespace())) {
            if (ControllerRefs.isControlledBy(pod, job) && JobPods.hasTrackingFinalizer(pod)) {
                queue.enqueue(ObjectKey.of(pod).toString());
            }
        }
    }
}
