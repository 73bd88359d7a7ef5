package io.quarkube.controllermanager.replicaset;

import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.quarkube.api.ObjectKey;
import io.quarkube.api.informer.ResourceEventHandler;
import io.quarkube.controllermanager.controller.ControllerRefs;
import io.quarkube.controllermanager.controller.Enqueuer;
import io.quarkube.api.Resources;
import io.quarkube.controllermanager.controller.ControllerContext;
import io.quarkube.controllermanager.controller.ControllerRunner;
import io.quarkube.controllermanager.controller.Expectations;
import io.quarkube.controllermanager.controller.PodControl;
import io.quarkube.controllermanager.controller.RealPodControl;
import io.quarkube.controllermanager.controller.RecordingPodControl;
import io.quarkube.api.labels.LabelSelectors;
import io.quarkube.controllermanager.controller.Lister;
import io.quarkube.controllermanager.controller.PodUtil;

import java.time.Duration;
import java.util.Objects;

/**
 * Maps informer events to ReplicaSet keys (Kubernetes' addPod/updatePod/deletePod handlers): a pod's event
 * goes to the ReplicaSet that controls it, or, for an orphan, to every ReplicaSet whose selector matches it.
 * It also lowers the expectations when a pod the controller created or deleted shows up. It never calls the API.
 */
public final class ReplicaSetController {
    private final Lister<ReplicaSet> replicaSets;
    private final Expectations expectations;
    private final Enqueuer queue;

    public ReplicaSetController(Lister<ReplicaSet> replicaSets, Expectations expectations, Enqueuer queue) {
        this.replicaSets = replicaSets;
        this.expectations = expectations;
        this.queue = queue;
    }

    /** Follows ReplicaSets and pods; creates and deletes pods through the API, recording events. */
    public static ControllerRunner setUp(ControllerContext context) {
        Lister<Pod> pods = context.lister(Resources.PODS);
        Lister<ReplicaSet> replicaSets = context.lister(Resources.REPLICASETS);
        PodControl podControl = new RecordingPodControl(new RealPodControl(context.api()),
                context.recorder("replicaset-controller"), replicaSets, pods);
        Expectations expectations = new Expectations(context.clock(), context.config().expectationsTtl());
        ReplicaSetSync sync = new ReplicaSetSync(replicaSets, pods, podControl,
                rs -> context.api().updateStatus(Resources.REPLICASETS, rs), expectations, context.clock(),
                context.podWrites(), context.config().burstReplicas());
        ControllerRunner runner = new ControllerRunner("replicaset", sync, context.config().replicasetWorkers());
        ReplicaSetController controller = new ReplicaSetController(replicaSets, expectations, runner);
        context.addHandler(Resources.REPLICASETS, controller.replicaSetHandler());
        context.addHandler(Resources.PODS, controller.podHandler());
        return runner;
    }

    public ResourceEventHandler<ReplicaSet> replicaSetHandler() {
        return new ResourceEventHandler<>() {
            @Override
            public void onAdd(ReplicaSet rs) {
                queue.enqueue(key(rs));
            }

            @Override
            public void onUpdate(ReplicaSet oldRs, ReplicaSet newRs) {
                queue.enqueue(key(newRs));
            }

            @Override
            public void onDelete(ReplicaSet rs) {
                expectations.delete(key(rs));
                queue.enqueue(key(rs));
            }
        };
    }

    public ResourceEventHandler<Pod> podHandler() {
        return new ResourceEventHandler<>() {
            @Override
            public void onAdd(Pod pod) {
                addPod(pod);
            }

            @Override
            public void onUpdate(Pod oldPod, Pod newPod) {
                updatePod(oldPod, newPod);
            }

            @Override
            public void onDelete(Pod pod) {
                deletePod(pod);
            }
        };
    }

    void addPod(Pod pod) {
        if (pod.getMetadata().getDeletionTimestamp() != null) {
            deletePod(pod); // seen for the first time while already terminating (e.g. after a restart)
            return;
        }
        ReplicaSet owner = resolveControllerRef(pod.getMetadata().getNamespace(), ControllerRefs.controllerOf(pod));
        if (owner != null) {
            expectations.creationObserved(key(owner));
            queue.enqueue(key(owner));
        } else if (ControllerRefs.controllerOf(pod) == null) {
            enqueueMatching(pod);
        }
    }

    void updatePod(Pod oldPod, Pod newPod) {
        boolean labelsChanged = !Objects.equals(oldPod.getMetadata().getLabels(), newPod.getMetadata().getLabels());
        if (newPod.getMetadata().getDeletionTimestamp() != null) {
            deletePod(newPod);
            if (labelsChanged) {
                deletePod(oldPod);
            }
            return;
        }
        OwnerReference oldRef = ControllerRefs.controllerOf(oldPod);
        OwnerReference newRef = ControllerRefs.controllerOf(newPod);
        boolean refChanged = !Objects.equals(oldRef, newRef);
        if (refChanged && oldRef != null) {
            ReplicaSet previous = resolveControllerRef(oldPod.getMetadata().getNamespace(), oldRef);
            if (previous != null) {
                queue.enqueue(key(previous));
            }
        }
        if (newRef != null) {
            ReplicaSet owner = resolveControllerRef(newPod.getMetadata().getNamespace(), newRef);
            if (owner != null) {
                queue.enqueue(key(owner));
                int minReadySeconds = ReplicaSetStatus.minReadySeconds(owner);
                if (minReadySeconds > 0 && !PodUtil.isReady(oldPod) && PodUtil.isReady(newPod)) {
                    // it becomes available minReadySeconds from now; no event will say so
                    queue.enqueueAfter(key(owner), Duration.ofSeconds(minReadySeconds + 1L));
                }
            }
            return;
        }
        if (labelsChanged || refChanged) {
            enqueueMatching(newPod);
        }
    }

    void deletePod(Pod pod) {
        ReplicaSet owner = resolveControllerRef(pod.getMetadata().getNamespace(), ControllerRefs.controllerOf(pod));
        if (owner != null) {
            expectations.deletionObserved(key(owner), pod.getMetadata().getUid());
            queue.enqueue(key(owner));
        }
    }

    /** The ReplicaSet the reference names, if it is in the cache with that UID. */
    private ReplicaSet resolveControllerRef(String namespace, OwnerReference ref) {
        if (!ControllerRefs.refersTo(ref, "apps", ReplicaSetSync.KIND)) {
            return null;
        }
        return replicaSets.get(namespace, ref.getName())
                .filter(rs -> Objects.equals(rs.getMetadata().getUid(), ref.getUid()))
                .orElse(null);
    }

    private void enqueueMatching(Pod orphan) {
        for (ReplicaSet rs : replicaSets.list(orphan.getMetadata().getNamespace())) {
            if (LabelSelectors.matches(rs.getSpec().getSelector(), orphan.getMetadata().getLabels())) {
                queue.enqueue(key(rs));
            }
        }
    }

    private static String key(ReplicaSet rs) {
        return ObjectKey.of(rs).toString();
    }
}
