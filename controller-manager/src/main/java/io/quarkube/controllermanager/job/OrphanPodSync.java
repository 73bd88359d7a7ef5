package io.quarkube.controllermanager.job;

import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.quarkube.api.ObjectKey;
import io.quarkube.controllermanager.controller.ControllerRefs;
import io.quarkube.controllermanager.controller.Lister;
import io.quarkube.controllermanager.controller.Reconciler;
import io.quarkube.controllermanager.controller.Result;

import java.util.Optional;

/**
 * Kubernetes' syncOrphanPod, keyed by pod: removes the job-tracking finalizer from a pod no running Job will count
 * any more — an orphan, a pod whose Job is gone (e.g. deleted with Background propagation) or finished — so that
 * the pod can be deleted. Pods controlled by other kinds, or by a Job still running, are left alone.
 */
final class OrphanPodSync implements Reconciler {
    private final Lister<Pod> pods;
    private final Lister<Job> jobs;
    private final FinalizerRemover remover;

    OrphanPodSync(Lister<Pod> pods, Lister<Job> jobs, FinalizerRemover remover) {
        this.pods = pods;
        this.jobs = jobs;
        this.remover = remover;
    }

    @Override
    public Result sync(String key) {
        ObjectKey name = ObjectKey.parse(key);
        Optional<Pod> found = pods.get(name.namespace(), name.name());
        if (found.isEmpty() || !needsCleanup(found.get(), jobs)) {
            return Result.done();
        }
        remover.remove(found.get()); // a 409 throws: the runner retries with backoff
        return Result.done();
    }

    /** Has the finalizer and no running Job of its own that would remove it after counting it. */
    static boolean needsCleanup(Pod pod, Lister<Job> jobs) {
        if (!JobPods.hasTrackingFinalizer(pod)) {
            return false;
        }
        OwnerReference ref = ControllerRefs.controllerOf(pod);
        if (ref == null) {
            return true;
        }
        if (!JobPodTemplate.KIND.equals(ref.getKind()) || !JobPodTemplate.API_VERSION.equals(ref.getApiVersion())) {
            return false; // controlled by something else: not ours to remove
        }
        Job job = JobController.owners(jobs).resolve(pod.getMetadata().getNamespace(), ref);
        return job == null || JobConditions.isFinished(job);
    }
}
