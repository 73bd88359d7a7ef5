package io.quarkube.controllermanager.replicaset;

import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.quarkube.api.ObjectKey;
import io.quarkube.api.client.ApiException;
import io.quarkube.api.json.Json;
import io.quarkube.controllermanager.controller.ActivePodsRanking;
import io.quarkube.controllermanager.controller.ControllerRefManager;
import io.quarkube.controllermanager.controller.ControllerRefs;
import io.quarkube.controllermanager.controller.Expectations;
import io.quarkube.controllermanager.controller.Lister;
import io.quarkube.controllermanager.controller.PodControl;
import io.quarkube.controllermanager.controller.PodDeletions;
import io.quarkube.controllermanager.controller.PodTemplates;
import io.quarkube.controllermanager.controller.PodUtil;
import io.quarkube.controllermanager.controller.Reconciler;
import io.quarkube.controllermanager.controller.Result;
import io.quarkube.controllermanager.controller.SlowStart;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executor;

/**
 * The level-triggered sync of one ReplicaSet (Kubernetes' syncReplicaSet): claim the matching pods, and, unless
 * earlier creations or deletions are still unobserved, create or delete pods to reach spec.replicas; then write
 * the status if it changed.
 */
public final class ReplicaSetSync implements Reconciler {
    static final String API_VERSION = "apps/v1";
    static final String KIND = "ReplicaSet";

    private static final Logger LOG = Logger.getLogger(ReplicaSetSync.class);

    private final Lister<ReplicaSet> replicaSets;
    private final Lister<Pod> pods;
    private final PodControl podControl;
    private final ControllerRefManager refManager;
    private final ReplicaSetStatusWriter statusWriter;
    private final Expectations expectations;
    private final Clock clock;
    private final Executor podWrites;
    private final int burstReplicas;

    /**
     * @param podWrites     runs the creations of one slow-start batch (and the deletions) in parallel
     * @param burstReplicas at most this many creations or deletions per sync, as Kubernetes' BurstReplicas
     */
    public ReplicaSetSync(Lister<ReplicaSet> replicaSets, Lister<Pod> pods, PodControl podControl,
                          ReplicaSetStatusWriter statusWriter, Expectations expectations, Clock clock,
                          Executor podWrites, int burstReplicas) {
        this.replicaSets = replicaSets;
        this.pods = pods;
        this.podControl = podControl;
        this.refManager = new ControllerRefManager(podControl);
        this.statusWriter = statusWriter;
        this.expectations = expectations;
        this.clock = clock;
        this.podWrites = podWrites;
        this.burstReplicas = burstReplicas;
    }

    @Override
    public Result sync(String key) {
        ObjectKey name = ObjectKey.parse(key);
        Optional<ReplicaSet> found = replicaSets.get(name.namespace(), name.name());
        if (found.isEmpty()) {
            expectations.delete(key); // its pods are the garbage collector's business now
            return Result.done();
        }
        ReplicaSet rs = found.get();
        if (rs.getSpec().getSelector() == null) {
            // the api-server rejects this; without a selector every owned pod would look unmatched and be released
            LOG.warnf("ReplicaSet %s has no selector; ignoring it", key);
            return Result.done();
        }
        boolean needsSync = expectations.satisfied(key);
        List<Pod> active = pods.list(name.namespace()).stream().filter(PodUtil::isActive).toList();
        ControllerRefManager.Claim<Pod> claim = refManager.claimPods(rs, rs.getSpec().getSelector(), active,
                () -> ControllerRefs.newControllerRef(rs, API_VERSION, KIND));
        if (claim.retry()) {
            return Result.requeue(); // counting now could create a pod for an orphan we are about to adopt
        }

        RuntimeException manageError = null;
        if (needsSync && rs.getMetadata().getDeletionTimestamp() == null) {
            manageError = manageReplicas(key, rs, claim.owned());
        }
        Result statusResult = updateStatus(rs, claim.owned(), manageError);
        if (manageError != null) {
            throw manageError;
        }
        return statusResult;
    }

    /** Returns the first failure (after the status is written it makes the key retry with backoff). */
    private RuntimeException manageReplicas(String key, ReplicaSet rs, List<Pod> owned) {
        int want = ReplicaSetStatus.replicas(rs);
        int diff = owned.size() - want;
        if (diff < 0) {
            int count = Math.min(-diff, burstReplicas);
            LOG.infof("ReplicaSet %s: %d of %d replicas, creating %d", key, owned.size(), want, count);
            // expect before creating: the informer may report a new pod before createPod even returns
            expectations.expectCreations(key, count);
            OwnerReference ref = ControllerRefs.newControllerRef(rs, API_VERSION, KIND);
            SlowStart.Outcome outcome = SlowStart.run(count, 1, podWrites,
                    () -> podControl.createPod(PodTemplates.newPod(rs.getSpec().getTemplate(), rs, ref)));
            int notCreated = count - outcome.successes();
            if (notCreated > 0) {
                // failed or skipped: the informer will never report these
                expectations.lowerCreations(key, notCreated);
            }
            if (ApiException.isNamespaceTerminating(outcome.firstError())) {
                return null; // its namespace is going away with the ReplicaSet: not a failure (no ReplicaFailure)
            }
            return outcome.firstError();
        }
        if (diff > 0) {
            int count = Math.min(diff, burstReplicas);
            List<Pod> victims = ActivePodsRanking.podsToDelete(owned, count);
            LOG.infof("ReplicaSet %s: %d of %d replicas, deleting %d", key, owned.size(), want, count);
            expectations.expectDeletions(key, victims.stream().map(p -> p.getMetadata().getUid()).toList());
            return PodDeletions.deleteAll(podControl, expectations, key, victims, podWrites);
        }
        return null;
    }

    private Result updateStatus(ReplicaSet rs, List<Pod> owned, RuntimeException manageError) {
        var desired = ReplicaSetStatus.calculate(rs, owned, clock.instant(), manageError);
        if (ReplicaSetStatus.changed(rs.getStatus(), desired)) {
            ReplicaSet copy = Json.copy(rs, ReplicaSet.class);
            copy.setStatus(desired);
            try {
                statusWriter.updateStatus(copy);
            } catch (ApiException e) {
                if (e.isConflict()) {
                    return Result.requeue(); // our cached copy is stale: retry with the newer one
                }
                if (e.isNotFound()) {
                    return Result.done();
                }
                throw e;
            }
        }
        return ReplicaSetStatus.availabilityRecheck(rs, desired).map(Result::requeueAfter).orElse(Result.done());
    }
}
