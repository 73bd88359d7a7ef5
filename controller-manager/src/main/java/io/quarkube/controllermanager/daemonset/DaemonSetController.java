package io.quarkube.controllermanager.daemonset;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.ControllerRevision;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.quarkube.api.ObjectKey;
import io.quarkube.api.Resources;
import io.quarkube.api.informer.ResourceEventHandler;
import io.quarkube.api.informer.Store;
import io.quarkube.api.labels.LabelSelectors;
import io.quarkube.controllermanager.controller.ControllerContext;
import io.quarkube.controllermanager.controller.ControllerRefs;
import io.quarkube.controllermanager.controller.ControllerRunner;
import io.quarkube.controllermanager.controller.Enqueuer;
import io.quarkube.controllermanager.controller.Expectations;
import io.quarkube.controllermanager.controller.Lister;
import io.quarkube.controllermanager.controller.PodControl;
import io.quarkube.controllermanager.controller.PodUtil;
import io.quarkube.controllermanager.controller.RealPodControl;
import io.quarkube.controllermanager.controller.RecordingPodControl;

import java.time.Duration;
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
    private final Lister<DaemonSet> daemonSets;
    private final Supplier<List<DaemonSet>> allDaemonSets;
    private final Expectations expectations;
    private final Enqueuer queue;

    public DaemonSetController(Lister<DaemonSet> daemonSets, Supplier<List<DaemonSet>> allDaemonSets,
                               Expectations expectations, Enqueuer queue) {
        this.daemonSets = daemonSets;
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
        return new ResourceEventHandler<>() {
            @Override
            public void onAdd(Pod pod) {
                if (pod.getMetadata().getDeletionTimestamp() != null) {
                    onDelete(pod); // already terminating when first seen: not a creation we wait for
                    return;
                }
                DaemonSet owner = owner(pod);
                if (owner != null) {
                    expectations.creationObserved(key(owner));
                    queue.enqueue(key(owner));
                } else if (ControllerRefs.controllerOf(pod) == null) {
                    enqueueMatching(pod);
                }
            }

            @Override
            public void onUpdate(Pod oldPod, Pod newPod) {
                if (newPod.getMetadata().getDeletionTimestamp() != null) {
                    onDelete(newPod);
                    return;
                }
                OwnerReference oldRef = ControllerRefs.controllerOf(oldPod);
                OwnerReference newRef = ControllerRefs.controllerOf(newPod);
                boolean refChanged = !Objects.equals(oldRef, newRef);
                if (refChanged && oldRef != null) {
                    DaemonSet previous = owner(oldPod);
                    if (previous != null) {
                        queue.enqueue(key(previous));
                    }
                }
                if (newRef != null) {
                    DaemonSet owner = owner(newPod);
                    if (owner != null) {
                        queue.enqueue(key(owner));
                        int minReady = ManagePlan.minReadySeconds(owner);
                        if (minReady > 0 && !PodUtil.isReady(oldPod) && PodUtil.isReady(newPod)) {
                            queue.enqueueAfter(key(owner), Duration.ofSeconds(minReady + 1L));
                        }
                    }
                } else if (refChanged
                        || !Objects.equals(oldPod.getMetadata().getLabels(), newPod.getMetadata().getLabels())) {
                    enqueueMatching(newPod);
                }
            }

            @Override
            public void onDelete(Pod pod) {
                DaemonSet owner = owner(pod);
                if (owner != null) {
                    expectations.deletionObserved(key(owner), pod.getMetadata().getUid());
                    queue.enqueue(key(owner));
                }
            }
        };
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
                DaemonSet owner = owner(revision);
                if (owner != null) {
                    queue.enqueue(key(owner));
                }
            }

            private void changed(ControllerRevision revision) {
                DaemonSet owner = owner(revision);
                if (owner != null) {
                    queue.enqueue(key(owner));
                } else if (ControllerRefs.controllerOf(revision) == null) {
                    enqueueMatching(revision);
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

    /** The DaemonSet the controller reference names, if cached with that UID. */
    private DaemonSet owner(HasMetadata object) {
        OwnerReference ref = ControllerRefs.controllerOf(object);
        if (!ControllerRefs.refersTo(ref, "apps", DaemonSetSync.KIND)) {
            return null;
        }
        return daemonSets.get(object.getMetadata().getNamespace(), ref.getName())
                .filter(ds -> Objects.equals(ds.getMetadata().getUid(), ref.getUid())).orElse(null);
    }

    private void enqueueMatching(HasMetadata orphan) {
        for (DaemonSet ds : daemonSets.list(orphan.getMetadata().getNamespace())) {
            if (LabelSelectors.matches(ds.getSpec().getSelector(), orphan.getMetadata().getLabels())) {
                queue.enqueue(key(ds));
            }
        }
    }

    private static String key(HasMetadata ds) {
        return ObjectKey.of(ds).toString();
    }
}
