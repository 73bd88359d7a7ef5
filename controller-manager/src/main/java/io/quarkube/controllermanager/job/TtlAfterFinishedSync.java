package io.quarkube.controllermanager.job;

import io.fabric8.kubernetes.api.model.DeleteOptions;
import io.fabric8.kubernetes.api.model.DeleteOptionsBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.quarkube.api.ObjectKey;
import io.quarkube.api.client.ApiException;
import io.quarkube.controllermanager.controller.Lister;
import io.quarkube.controllermanager.controller.Reconciler;
import io.quarkube.controllermanager.controller.Result;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Kubernetes' TTL-after-finished controller (pkg/controller/ttlafterfinished): a finished Job with
 * spec.ttlSecondsAfterFinished is deleted that long after its Complete / Failed condition, with Foreground
 * propagation (its pods go first) and a UID precondition. Before deleting, the Job is read again from the
 * api-server, since the cached TTL may be stale.
 */
final class TtlAfterFinishedSync implements Reconciler {
    private static final Logger LOG = Logger.getLogger(TtlAfterFinishedSync.class);

    /** The two API calls it makes; the api-server in production, a fake in tests. */
    interface JobApi {
        Optional<Job> get(String namespace, String name);

        void delete(String namespace, String name, DeleteOptions options);
    }

    private final Lister<Job> jobs;
    private final JobApi api;
    private final Clock clock;

    TtlAfterFinishedSync(Lister<Job> jobs, JobApi api, Clock clock) {
        this.jobs = jobs;
        this.api = api;
        this.clock = clock;
    }

    @Override
    public Result sync(String key) {
        ObjectKey name = ObjectKey.parse(key);
        Optional<Job> cached = jobs.get(name.namespace(), name.name());
        if (cached.isEmpty()) {
            return Result.done();
        }
        Optional<Duration> left = timeLeft(cached.get());
        if (left.isEmpty()) {
            return Result.done();
        }
        if (!left.get().isNegative() && !left.get().isZero()) {
            return Result.requeueAfter(left.get());
        }
        Optional<Job> fresh = api.get(name.namespace(), name.name());
        if (fresh.isEmpty()) {
            return Result.done();
        }
        Optional<Duration> freshLeft = timeLeft(fresh.get());
        if (freshLeft.isEmpty()) {
            return Result.done();
        }
        if (!freshLeft.get().isNegative() && !freshLeft.get().isZero()) {
            return Result.requeueAfter(freshLeft.get());
        }
        DeleteOptions options = new DeleteOptionsBuilder().withPropagationPolicy("Foreground")
                .withNewPreconditions().withUid(fresh.get().getMetadata().getUid()).endPreconditions().build();
        try {
            api.delete(name.namespace(), name.name(), options);
            LOG.infof("Job %s deleted: its ttlSecondsAfterFinished has passed", key);
        } catch (ApiException e) {
            if (!e.isNotFound() && !e.isConflict()) { // gone, or the name belongs to a new Job now
                throw e;
            }
        }
        return Result.done();
    }

    /** Time until the TTL expires (zero or negative: expired); empty if it needs no clean-up (yet). */
    Optional<Duration> timeLeft(Job job) {
        if (job.getMetadata().getDeletionTimestamp() != null || job.getSpec() == null
                || job.getSpec().getTtlSecondsAfterFinished() == null) {
            return Optional.empty();
        }
        Optional<Instant> finished = JobConditions.finishTime(job);
        if (finished.isEmpty()) {
            return Optional.empty();
        }
        Instant expireAt = finished.get().plusSeconds(job.getSpec().getTtlSecondsAfterFinished());
        return Optional.of(Duration.between(clock.instant(), expireAt));
    }
}
