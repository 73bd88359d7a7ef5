package io.quarkube.controllermanager.statefulset;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.ControllerRevision;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetStatus;
import io.quarkube.api.ObjectKey;
import io.quarkube.api.client.ApiException;
import io.quarkube.api.json.Json;
import io.quarkube.controllermanager.controller.ControllerRefManager;
import io.quarkube.controllermanager.controller.ControllerRefs;
import io.quarkube.controllermanager.controller.Lister;
import io.quarkube.controllermanager.controller.PodControl;
import io.quarkube.controllermanager.controller.Reconciler;
import io.quarkube.controllermanager.controller.Result;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * The level-triggered sync of one StatefulSet (Kubernetes' syncStatefulSet + UpdateStatefulSet): adopt orphan
 * revisions, claim the member pods, pick the current and update revisions, run one pass of
 * {@link StatefulSetControl}, write the status if it changed, and trim the revision history.
 */
public final class StatefulSetSync implements Reconciler {
    private static final Logger LOG = Logger.getLogger(StatefulSetSync.class);

    private final Lister<StatefulSet> sets;
    private final Lister<Pod> pods;
    private final ControllerRefManager refManager;
    private final StatefulSetHistory history;
    private final StatefulSetControl control;
    private final UnaryOperator<StatefulSet> statusWriter;

    StatefulSetSync(Lister<StatefulSet> sets, Lister<Pod> pods, PodControl podControl, StatefulSetHistory history,
                    StatefulSetControl control, UnaryOperator<StatefulSet> statusWriter) {
        this.sets = sets;
        this.pods = pods;
        this.refManager = new ControllerRefManager(podControl);
        this.history = history;
        this.control = control;
        this.statusWriter = statusWriter;
    }

    @Override
    public Result sync(String key) {
        ObjectKey name = ObjectKey.parse(key);
        Optional<StatefulSet> found = sets.get(name.namespace(), name.name());
        if (found.isEmpty()) {
            return Result.done(); // its pods and revisions are the garbage collector's business now
        }
        StatefulSet set = found.get();
        if (set.getSpec() == null || set.getSpec().getSelector() == null
                || set.getSpec().getTemplate() == null) {
            LOG.warnf("StatefulSet %s has no selector or template; ignoring it", key);
            return Result.done();
        }
        try {
            List<ControllerRevision> revisions = history.adoptOrphans(set, history.list(set));
            List<Pod> members = pods.list(name.namespace()).stream()
                    .filter(p -> StatefulPods.isMemberOf(set, p)).toList();
            ControllerRefManager.Claim<Pod> claim = refManager.claimPods(set, set.getSpec().getSelector(), members,
                    () -> ControllerRefs.newControllerRef(set, StatefulPods.API_VERSION, StatefulPods.KIND));
            if (claim.retry()) {
                return Result.requeue();
            }
            return update(set, Revisions.sorted(revisions), claim.owned());
        } catch (ApiException e) {
            if (e.isConflict()) {
                return Result.requeue(); // a cached object was stale: retry with the newer one
            }
            throw e;
        }
    }

    private Result update(StatefulSet set, List<ControllerRevision> sorted, List<Pod> owned) {
        StatefulSetHistory.Selected selected = history.select(set, sorted);
        StatefulSetControl.Outcome outcome = control.update(set, selected.current(), selected.update(),
                selected.collisionCount(), owned);
        Result statusResult = writeStatus(set, outcome.status());
        history.truncate(set, owned, sorted, selected.current(), selected.update());
        if (outcome.error() != null) {
            throw outcome.error();
        }
        int minReady = StatefulPods.minReadySeconds(set);
        Integer available = outcome.status().getAvailableReplicas();
        if (statusResult.equals(Result.done()) && minReady > 0
                && (available == null || available != StatefulPods.replicas(set))) {
            return Result.requeueAfter(Duration.ofSeconds(minReady)); // no event says a pod became available
        }
        return statusResult;
    }

    private Result writeStatus(StatefulSet set, StatefulSetStatus status) {
        StatefulSetStatuses.completeRollingUpdate(set, status);
        if (!StatefulSetStatuses.inconsistent(set, status)) {
            return Result.done();
        }
        StatefulSet copy = Json.copy(set, StatefulSet.class);
        copy.setStatus(status);
        try {
            statusWriter.apply(copy);
            return Result.done();
        } catch (ApiException e) {
            if (e.isNotFound()) {
                return Result.done();
            }
            if (e.isConflict()) {
                return Result.requeue();
            }
            throw e;
        }
    }
}
