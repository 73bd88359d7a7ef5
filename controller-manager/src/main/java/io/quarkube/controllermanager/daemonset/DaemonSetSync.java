package io.quarkube.controllermanager.daemonset;

import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.DaemonSetStatus;
import io.quarkube.api.ObjectKey;
import io.quarkube.api.client.ApiException;
import io.quarkube.api.events.EventRecorder;
import io.quarkube.api.json.Json;
import io.quarkube.controllermanager.controller.ControllerRefManager;
import io.quarkube.controllermanager.controller.ControllerRefs;
import io.quarkube.controllermanager.controller.Expectations;
import io.quarkube.controllermanager.controller.Lister;
import io.quarkube.controllermanager.controller.PodControl;
import io.quarkube.controllermanager.controller.PodUtil;
import io.quarkube.controllermanager.controller.Reconciler;
import io.quarkube.controllermanager.controller.Result;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The level-triggered sync of one DaemonSet (Kubernetes' syncDaemonSet): find its current ControllerRevision,
 * claim its pods and group them by target node; unless earlier creations or deletions are unobserved, create a
 * pod on each eligible node without one and delete the ones that must go, then advance a RollingUpdate; finally
 * write the status counts if they changed.
 */
public final class DaemonSetSync implements Reconciler {
    static final String API_VERSION = "apps/v1";
    static final String KIND = "DaemonSet";

    private final Lister<DaemonSet> daemonSets;
    private final Lister<Pod> pods;
    private final Lister<Node> nodes;
    private final ControllerRefManager refManager;
    private final DaemonSetWrites writes;
    private final DaemonSetHistory history;
    private final DaemonPodWrites podWrites;
    private final Expectations expectations;
    private final EventRecorder recorder;
    private final Clock clock;
    private final FailedPodBackoff backoff;

    public DaemonSetSync(Lister<DaemonSet> daemonSets, Lister<Pod> pods, Lister<Node> nodes,
                         DaemonSetHistory history, PodControl podControl, DaemonSetWrites writes,
                         DaemonPodWrites podWrites, Expectations expectations, EventRecorder recorder, Clock clock,
                         FailedPodBackoff backoff) {
        this.daemonSets = daemonSets;
        this.pods = pods;
        this.nodes = nodes;
        this.refManager = new ControllerRefManager(podControl);
        this.writes = writes;
        this.history = history;
        this.podWrites = podWrites;
        this.expectations = expectations;
        this.recorder = recorder;
        this.clock = clock;
        this.backoff = backoff;
    }

    @Override
    public Result sync(String key) {
        ObjectKey name = ObjectKey.parse(key);
        Optional<DaemonSet> found = daemonSets.get(name.namespace(), name.name());
        if (found.isEmpty()) {
            expectations.delete(key);
            return Result.done();
        }
        DaemonSet ds = found.get();
        LabelSelector selector = ds.getSpec().getSelector();
        if (selector == null) {
            return Result.done(); // the api-server refuses this
        }
        if (isEmpty(selector)) {
            recorder.warning(ds, "SelectingAll", "This daemon set is selecting all pods. A non-empty selector is required.");
            return Result.done();
        }
        if (ds.getMetadata().getDeletionTimestamp() != null) {
            return Result.done(); // its pods and revisions are the garbage collector's now
        }
        List<Node> nodeList = nodes.list(null);
        DaemonSetHistory.Revisions revisions;
        try {
            revisions = history.construct(ds);
        } catch (DaemonSetHistory.HashCollision e) {
            return Result.requeue();
        } catch (ApiException e) {
            if (e.isConflict() || e.isNotFound()) {
                return Result.requeue();
            }
            throw e;
        }
        String hash = revisions.hash();
        NodeEligibility eligibility = NodeEligibility.of(ds);
        // before reading the pods: an awaited creation seen in between would otherwise be missing from the list
        // while the expectations already call it done, and its node would get a second pod
        boolean satisfied = expectations.satisfied(key);
        ControllerRefManager.Claim<Pod> claim = refManager.claimPods(ds, selector, candidates(ds),
                () -> ControllerRefs.newControllerRef(ds, API_VERSION, KIND));
        if (claim.retry()) {
            return Result.requeue();
        }
        Map<String, List<Pod>> nodeToPods = byTargetNode(claim.owned());
        if (!satisfied) {
            return updateStatus(ds, nodeList, eligibility, nodeToPods, hash, false);
        }

        ManagePlan plan = ManagePlan.compute(ds, nodeList, eligibility, nodeToPods, hash, backoff, clock.instant());
        plan.warnings().forEach(m -> recorder.warning(ds, "FailedDaemonPod", m));
        plan.notices().forEach(m -> recorder.normal(ds, "SucceededDaemonPod", m));
        RuntimeException error = podWrites.sync(key, ds, plan.podsToDelete(), plan.nodesNeedingPods(), hash);
        if (error == null && expectations.satisfied(key) && UpdateBudget.isRollingUpdate(ds)) {
            Map<String, Node> byName = new HashMap<>();
            nodeList.forEach(n -> byName.put(n.getMetadata().getName(), n));
            RollingUpdatePlan update = RollingUpdatePlan.compute(ds, byName, eligibility, nodeToPods, hash,
                    clock.instant());
            error = podWrites.sync(key, ds, update.podsToDelete(), update.nodesToCreate(), hash);
        }
        if (error == null) {
            history.cleanup(ds, revisions.old(), claim.owned());
        }
        Result status = updateStatus(ds, nodeList, eligibility, nodeToPods, hash, true);
        if (error != null) {
            throw error;
        }
        return earliest(status, plan.retryAfter());
    }

    /** Every pod of the namespace but deleted terminal ones: failed pods must be seen to be replaced. */
    private List<Pod> candidates(DaemonSet ds) {
        return pods.list(ds.getMetadata().getNamespace()).stream()
                .filter(p -> !(PodUtil.isTerminal(p) && p.getMetadata().getDeletionTimestamp() != null))
                .toList();
    }

    static Map<String, List<Pod>> byTargetNode(List<Pod> owned) {
        Map<String, List<Pod>> result = new HashMap<>();
        for (Pod pod : owned) {
            DaemonPods.targetNodeName(pod).ifPresent(n -> result.computeIfAbsent(n, k -> new ArrayList<>()).add(pod));
        }
        return result;
    }

    private Result updateStatus(DaemonSet ds, List<Node> nodeList, NodeEligibility eligibility,
                                Map<String, List<Pod>> nodeToPods, String hash, boolean observe) {
        DaemonSetStatus status = DaemonSetStatusCalculator.calculate(ds, nodeList, eligibility, nodeToPods, hash,
                clock.instant(), observe);
        if (DaemonSetStatusCalculator.changed(ds, status)) {
            DaemonSet copy = Json.copy(ds, DaemonSet.class);
            copy.setStatus(status);
            try {
                writes.updateStatus(copy);
            } catch (ApiException e) {
                if (e.isConflict()) {
                    return Result.requeue();
                }
                if (e.isNotFound()) {
                    return Result.done();
                }
                throw e;
            }
        }
        int minReady = ManagePlan.minReadySeconds(ds);
        if (minReady > 0 && !status.getNumberReady().equals(status.getNumberAvailable())) {
            return Result.requeueAfter(Duration.ofSeconds(minReady)); // no event says when they become available
        }
        return Result.done();
    }

    private static Result earliest(Result result, Duration retryAfter) {
        if (retryAfter == null || result.kind() == Result.Kind.REQUEUE) {
            return result;
        }
        if (result.kind() == Result.Kind.REQUEUE_AFTER && result.delay().compareTo(retryAfter) <= 0) {
            return result;
        }
        return Result.requeueAfter(retryAfter);
    }

    private static boolean isEmpty(LabelSelector selector) {
        return (selector.getMatchLabels() == null || selector.getMatchLabels().isEmpty())
                && (selector.getMatchExpressions() == null || selector.getMatchExpressions().isEmpty());
    }
}
