package io.quarkube.controllermanager.statefulset;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.ControllerRevision;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.quarkube.api.ObjectKey;
import io.quarkube.api.Resources;
import io.quarkube.api.informer.ResourceEventHandler;
import io.quarkube.controllermanager.controller.ControllerContext;
import io.quarkube.controllermanager.controller.ControllerRefResolver;
import io.quarkube.controllermanager.controller.ControllerRefs;
import io.quarkube.controllermanager.controller.ControllerRunner;
import io.quarkube.controllermanager.controller.Enqueuer;
import io.quarkube.controllermanager.controller.Lister;
import io.quarkube.controllermanager.controller.PodControl;
import io.quarkube.controllermanager.controller.PodUtil;
import io.quarkube.controllermanager.controller.RealPodControl;

import java.time.Duration;
import java.util.Objects;
import java.util.function.BiConsumer;

/**
 * Maps informer events to StatefulSet keys (Kubernetes' StatefulSetController handlers): a pod's or
 * ControllerRevision's event goes to the set that controls it, or, for an orphan, to every set whose selector
 * matches it. Handlers never call the API.
 */
public final class StatefulSetController {
    private final ControllerRefResolver<StatefulSet> owners;
    private final Enqueuer queue;

    public StatefulSetController(Lister<StatefulSet> sets, Enqueuer queue) {
        this.owners = new ControllerRefResolver<>(sets, "apps", StatefulPods.KIND,
                set -> set.getSpec() == null ? null : set.getSpec().getSelector());
        this.queue = queue;
    }

    /** Follows StatefulSets, their pods, claims and revisions; writes through the API, recording events. */
    public static ControllerRunner setUp(ControllerContext context) {
        Lister<StatefulSet> sets = context.lister(Resources.STATEFULSETS);
        Lister<Pod> pods = context.lister(Resources.PODS);
        Lister<PersistentVolumeClaim> claims = context.lister(Resources.PERSISTENT_VOLUME_CLAIMS);
        Lister<ControllerRevision> revisions = context.lister(Resources.CONTROLLER_REVISIONS);
        PodControl podControl = new RealPodControl(context.api());
        StatefulPodControl statefulPods = new StatefulPodControl(podControl, ClaimControl.over(context.api()), claims,
                context.recorder("statefulset-controller"));
        StatefulSetSync sync = new StatefulSetSync(sets, pods, podControl,
                new StatefulSetHistory(revisions, RevisionControl.over(context.api())),
                new StatefulSetControl(statefulPods, context.podWrites(), context.clock()),
                set -> context.api().updateStatus(Resources.STATEFULSETS, set));
        ControllerRunner runner = new ControllerRunner("statefulset", sync, context.config().statefulsetWorkers());
        StatefulSetController controller = new StatefulSetController(sets, runner);
        context.addHandler(Resources.STATEFULSETS, controller.setHandler());
        context.addHandler(Resources.PODS, controller.podHandler());
        context.addHandler(Resources.CONTROLLER_REVISIONS, controller.revisionHandler());
        return runner;
    }

    public ResourceEventHandler<StatefulSet> setHandler() {
        return ResourceEventHandler.onEveryChange(set -> queue.enqueue(key(set)));
    }

    public ResourceEventHandler<Pod> podHandler() {
        return handler(this::enqueueOwnerOrMatching, this::updatePod);
    }

    public ResourceEventHandler<ControllerRevision> revisionHandler() {
        return handler(this::enqueueOwnerOrMatching, (old, revision) -> {
            if (!Objects.equals(ControllerRefs.controllerOf(old), ControllerRefs.controllerOf(revision))) {
                enqueueOwnerOrMatching(old);
            }
            enqueueOwnerOrMatching(revision);
        });
    }

    void updatePod(Pod oldPod, Pod newPod) {
        if (!Objects.equals(ControllerRefs.controllerOf(oldPod), ControllerRefs.controllerOf(newPod))
                || !Objects.equals(oldPod.getMetadata().getLabels(), newPod.getMetadata().getLabels())) {
            enqueueOwnerOrMatching(oldPod);
        }
        StatefulSet owner = owners.controllerOf(newPod);
        enqueueOwnerOrMatching(newPod);
        if (owner != null) {
            int minReady = StatefulPods.minReadySeconds(owner);
            if (minReady > 0 && !PodUtil.isReady(oldPod) && PodUtil.isReady(newPod)) {
                // it becomes available minReadySeconds from now; no event will say so
                queue.enqueueAfter(key(owner), Duration.ofSeconds(minReady + 1L));
            }
        }
    }

    /** The controlling set, or (for an orphan not being deleted) every set whose selector matches. */
    private void enqueueOwnerOrMatching(HasMetadata object) {
        if (ControllerRefs.controllerOf(object) != null) {
            StatefulSet owner = owners.controllerOf(object);
            if (owner != null) {
                queue.enqueue(key(owner));
            }
            return;
        }
        if (object.getMetadata().getDeletionTimestamp() != null) {
            return;
        }
        owners.matching(object).forEach(set -> queue.enqueue(key(set)));
    }

    private static String key(StatefulSet set) {
        return ObjectKey.of(set).toString();
    }

    private <T extends HasMetadata> ResourceEventHandler<T> handler(java.util.function.Consumer<T> added,
                                                                     BiConsumer<T, T> updated) {
        return new ResourceEventHandler<>() {
            @Override
            public void onAdd(T object) {
                added.accept(object);
            }

            @Override
            public void onUpdate(T old, T object) {
                updated.accept(old, object);
            }

            @Override
            public void onDelete(T object) {
                added.accept(object);
            }
        };
    }
}
