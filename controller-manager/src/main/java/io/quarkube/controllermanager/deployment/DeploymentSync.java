package io.quarkube.controllermanager.deployment;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.quarkube.api.ObjectKey;
import io.quarkube.api.client.ApiException;
import io.quarkube.api.events.EventRecorder;
import io.quarkube.api.json.Json;
import io.quarkube.controllermanager.controller.ControllerRefManager;
import io.quarkube.controllermanager.controller.Lister;
import io.quarkube.controllermanager.controller.Reconciler;
import io.quarkube.controllermanager.controller.Result;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Instant;
import java.util.Optional;

/**
 * The level-triggered sync of one Deployment (deployment_controller.go syncDeployment): claim the ReplicaSets,
 * then — being deleted: status only; paused or a scaling event: resize without rolling; otherwise advance the
 * Recreate or RollingUpdate rollout by one step. Every write carries the cached resourceVersion, so a stale cache
 * ends in a 409 and a retry rather than in a wrong step.
 */
public final class DeploymentSync implements Reconciler {
    static final String API_VERSION = "apps/v1";
    static final String KIND = "Deployment";

    private static final Logger LOG = Logger.getLogger(DeploymentSync.class);

    private final Lister<Deployment> deployments;
    private final Lister<ReplicaSet> replicaSets;
    private final Lister<Pod> pods;
    private final DeploymentClient client;
    private final EventRecorder recorder;
    private final Clock clock;
    private final ReplicaSetClaims claims;

    public DeploymentSync(Lister<Deployment> deployments, Lister<ReplicaSet> replicaSets, Lister<Pod> pods,
                          DeploymentClient client, EventRecorder recorder, Clock clock) {
        this.deployments = deployments;
        this.replicaSets = replicaSets;
        this.pods = pods;
        this.client = client;
        this.recorder = recorder;
        this.clock = clock;
        this.claims = new ReplicaSetClaims(client);
    }

    @Override
    public Result sync(String key) {
        ObjectKey name = ObjectKey.parse(key);
        Optional<Deployment> found = deployments.get(name.namespace(), name.name());
        if (found.isEmpty() || found.get().getSpec() == null || found.get().getSpec().getSelector() == null) {
            return Result.done(); // gone (its ReplicaSets are the garbage collector's), or refused by validation
        }
        Deployment d = Json.copy(found.get(), Deployment.class);
        try {
            return sync(d);
        } catch (ApiException e) {
            if (e.isConflict() || e.isNotFound()) {
                LOG.debugf("Deployment %s: %s; retrying", key, e.getMessage());
                return Result.requeue(); // a cached object was stale: sync again with the newer one
            }
            throw e;
        }
    }

    private Result sync(Deployment d) {
        if (Templates.selectsEverything(d.getSpec().getSelector())) {
            recorder.warning(d, "SelectingAll", "This deployment is selecting all pods. A non-empty selector is required.");
            long observed = d.getStatus() == null || d.getStatus().getObservedGeneration() == null ? 0
                    : d.getStatus().getObservedGeneration();
            if (d.getMetadata().getGeneration() != null && observed < d.getMetadata().getGeneration()) {
                if (d.getStatus() == null) {
                    d.setStatus(new io.fabric8.kubernetes.api.model.apps.DeploymentStatus());
                }
                d.getStatus().setObservedGeneration(d.getMetadata().getGeneration());
                client.updateDeploymentStatus(d);
            }
            return Result.done();
        }
        String namespace = d.getMetadata().getNamespace();
        ControllerRefManager.Claim<ReplicaSet> claim = claims.claim(d, replicaSets.list(namespace));
        if (claim.retry()) {
            return Result.requeue();
        }
        Instant now = clock.instant();
        int minReadySeconds = d.getSpec().getMinReadySeconds() == null ? 0 : d.getSpec().getMinReadySeconds();
        PodCounts counts = PodCounts.of(pods.list(namespace), claim.owned(), minReadySeconds, now);
        Rollout rollout = new Rollout(client, recorder, replicaSets, d, claim.owned(), counts, now);
        if (d.getMetadata().getDeletionTimestamp() != null) {
            Rollout.Sets sets = rollout.allReplicaSetsAndSyncRevision(false);
            rollout.syncDeploymentStatus(sets.all(), sets.newRS());
            return Result.done();
        }
        rollout.checkPausedConditions();
        if (Boolean.TRUE.equals(d.getSpec().getPaused())) {
            new ProportionalScaler(rollout).sync();
            return Result.done();
        }
        if (ProportionalScaler.isScalingEvent(rollout.deployment(), rollout.allReplicaSetsAndSyncRevision(false))) {
            new ProportionalScaler(rollout).sync();
            return Result.done();
        }
        if (Fenceposts.isRecreate(d)) {
            new RecreateUpdate(rollout).rollout();
        } else {
            new RollingUpdate(rollout).rollout();
        }
        return rollout.progressCheck().map(Result::requeueAfter).orElse(Result.done());
    }
}
