package io.quarkube.controllermanager.job;

import io.fabric8.kubernetes.api.model.DeleteOptions;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.quarkube.api.ObjectKey;
import io.quarkube.api.Resources;
import io.quarkube.api.client.ApiClient;
import io.quarkube.api.informer.ResourceEventHandler;
import io.quarkube.controllermanager.controller.ControllerContext;
import io.quarkube.controllermanager.controller.ControllerRunner;
import io.quarkube.controllermanager.controller.Enqueuer;

import java.util.Optional;

/** Queues finished Jobs that have ttlSecondsAfterFinished for {@link TtlAfterFinishedSync}. Never calls the API. */
public final class TtlAfterFinishedController {
    private final Enqueuer queue;

    TtlAfterFinishedController(Enqueuer queue) {
        this.queue = queue;
    }

    public static ControllerRunner setUp(ControllerContext context) {
        ApiClient client = context.api();
        TtlAfterFinishedSync.JobApi api = new TtlAfterFinishedSync.JobApi() {
            @Override
            public Optional<Job> get(String namespace, String name) {
                return client.get(Resources.JOBS, namespace, name);
            }

            @Override
            public void delete(String namespace, String name, DeleteOptions options) {
                client.delete(Resources.JOBS, namespace, name, options);
            }
        };
        TtlAfterFinishedSync sync = new TtlAfterFinishedSync(context.lister(Resources.JOBS), api, context.clock());
        ControllerRunner runner = new ControllerRunner("ttl-after-finished", sync, context.config().jobWorkers());
        context.addHandler(Resources.JOBS, new TtlAfterFinishedController(runner).jobHandler());
        return runner;
    }

    ResourceEventHandler<Job> jobHandler() {
        return ResourceEventHandler.onAddOrUpdate(this::enqueueIfNeeded); // a deleted Job: nothing left to clean up
    }

    private void enqueueIfNeeded(Job job) {
        if (job.getMetadata().getDeletionTimestamp() == null && job.getSpec() != null
                && job.getSpec().getTtlSecondsAfterFinished() != null && JobConditions.isFinished(job)) {
            queue.enqueue(ObjectKey.of(job).toString());
        }
    }
}
