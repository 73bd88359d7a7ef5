package io.quarkube.controllermanager.daemonset;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.ControllerRevision;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.quarkube.api.ObjectKey;
import io.quarkube.api.Resources;
import io.quarkube.api.informer.ResourceEventHandler;
import io.quarkube.api.informer.Store;
import io.quarkube.controllermanager.controller.ControllerContext;
import io.quarkube.controllermanager.controller.ControllerRefResolver;
import io.quarkube.controllermanager.controller.ControllerRefs;
import io.quarkube.controllermanager.controller.ControllerRunner;
import io.quarkube.controllermanager.controller.Enqueuer;
import io.quarkube.controllermanager.controller.Expectations;
import io.quarkube.controllermanager.controller.Lister;
import io.quarkube.controllermanager.controller.OwnedPodEvents;
import io.quarkube.controllermanager.controller.PodControl;
import io.quarkube.controllermanager.controller.RealPodControl;
import io.quarkube.controllermanager.controller.RecordingPodControl;

import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Maps informer events to DaemonSet keys (Kubernetes' DaemonSetsController handlers): a pod's or
 * ControllerRevision's event goes to the DaemonSet controlling it (orphans: to the matching ones); a node added,
 * removed or changed goes to every DaemonSet whose decision for that node changes — heartbeat-only node updates
 * are ignored. Lowers expectations as pods show up or go. Never calls the API.
 */
public final class DaemonSetController {
    private final ControllerRefResolver<DaemonSet> owners;
    private final Supplier<List<DaemonSet>> allDaemonSets;
    private final Expectations expectations;
    private final Enqueuer queue;

    public DaemonSetController(Lister<DaemonSet> daemonSets, Supplier<List<DaemonSet>> allDaemonSets,
                               Expectations expectations, Enqueuer queue) {
        this.owners = new ControllerRefResolver<>(daemonSets, "apps", DaemonSetSync.KIND,
                ds -> ds.getSpec().getSelector());
        this.allDaemonSets = allDaemonSets;
        this.expectations = expectations;
        this.queue = queue;
    }

    /** Follows DaemonSets, pods, nodes and ControllerRevisions; writes pods, revisions and status through the API. */
    public static ControllerRunner setUp(ControllerContext context) {
        Lister<Pod> pods = context.lister(Resources.PODS);
        Lister<Node> nodes = context.lister(Resources.NODES);
        Lister<ControllerRevision> revisions = context.lister(Resources.CONTROLLER_REVISIONS);
        Store<DaemonSet> store = context.informer().watch(Resources.DAEMONSETS);
        Lister<DaemonSet> daemonSets = Lister.of(store);
        var recorder = context.recorder("daemonset-controller");
        PodControl podControl = new RecordingPodControl(new RealPodControl(context.api()), recorder, daemonSets, pods);
        Expectations expectations = new Expectations(context.clock(), context.config().expectationsTtl());
        DaemonSetWrites writes = DaemonSetWrites.of(context.api());
        DaemonSetSync sync = new DaemonSetSync(daemonSets, pods, nodes, new DaemonSetHistory(revisions, writes),
                podControl, writes, new DaemonPodWrites(podControl, expectations, context.podWrites(),
                context.config().burstReplicas()), expectations, recorder, context.clock(), new FailedPodBackoff());
        ControllerRunner runner = new ControllerRunner("daemonset", sync, context.config().daemonsetWorkers());
        DaemonSetController controller = new DaemonSetController(daemonSets, () -> store.list(ds -> true),
                expectations, runner);
        context.addHandler(Resources.DAEMONSETS, controller.daemonSetHandler());
        context.addHandler(Resources.PODS, controller.podHandler());
        context.addHandler(Resources.NODES, controller.nodeHandler());
        context.addHandler(Resources.CONTROLLER_REVISIONS, controller.revisionHandler());
        return runner;
    }

    public ResourceEventHandler<DaemonSet> daemonSetHandler() {
        return new ResourceEventHandler<>() {
            @Override
            public void onAdd(DaemonSet ds) {
                queue.enqueue(key(ds));
            }

            @Override
            public void onUpdate(DaemonSet oldDs, DaemonSet newDs) {
                if (!Objects.equals(oldDs.getMetadata().getUid(), newDs.getMetadata().getUid())) {
                    expectations.delete(key(oldDs)); // deleted and re-created under the same name
                }
                queue.enqueue(key(newDs));
            }

            @Override
            public void onDelete(DaemonSet ds) {
                expectations.delete(key(ds));
                queue.enqueue(key(ds));
            }
        };
    }

    public ResourceEventHandler<Pod> podHandler() {
        return new OwnedPodEvents<>(owners, expectations, queue, ManagePlan::minReadySeconds);
    }

    public ResourceEventHandler<Node> nodeHandler() {
        return new ResourceEventHandler<>() {
            @Override
            public void onAdd(Node node) {
                enqueueWhere(ds -> NodeEligibility.of(ds).decide(node).shouldRun());
            }

            @Override
            public void onUpdate(Node oldNode, Node newNode) {
                if (NodeChanges.onlyHeartbeat(oldNode, newNode)) {
                    return;
                }
                enqueueWhere(ds -> {
                    NodeEligibility eligibility = NodeEligibility.of(ds);
                    return !eligibility.decide(oldNode).equals(eligibility.decide(newNode));
                });
            }

            @Override
            public void onDelete(Node node) {
                enqueueWhere(ds -> true); // its daemon pods go (rare: every DaemonSet looks)
            }
        };
    }

    public ResourceEventHandler<ControllerRevision> revisionHandler() {
        return new ResourceEventHandler<>() {
            @Override
            public void onAdd(ControllerRevision revision) {
                changed(revision);
            }

            @Override
            public void onUpdate(ControllerRevision oldRevision, ControllerRevision newRevision) {
                changed(oldRevision);
                changed(newRevision);
            }

            @Override
            public void onDelete(ControllerRevision revision) {
                DaemonSet owner = owners.controllerOf(revision);
                if (owner != null) {
                    queue.enqueue(key(owner));
                }
            }

            private void changed(ControllerRevision revision) {
                DaemonSet owner = owners.controllerOf(revision);
                if (owner != null) {
                    queue.enqueue(key(owner));
                } else if (ControllerRefs.controllerOf(revision) == null) {
                    owners.matching(revision).forEach(ds -> queue.enqueue(key(ds)));
                }
            }
        };
    }

    private void enqueueWhere(Function<DaemonSet, Boolean> test) {
        for (DaemonSet ds : allDaemonSets.get()) {
            if (ds.getSpec() != null && test.apply(ds)) {
                queue.enqueue(key(ds));
            }
        }
    }

    private static String key(HasMetadata ds) {
        return ObjectKey.of(ds).toString();
    }
}
