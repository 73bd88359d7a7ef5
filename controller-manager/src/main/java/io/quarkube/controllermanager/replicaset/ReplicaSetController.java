package io.quarkube.controllermanager.replicaset;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.quarkube.api.ObjectKey;
import io.quarkube.api.Resources;
import io.quarkube.api.informer.ResourceEventHandler;
import io.quarkube.controllermanager.controller.ControllerContext;
import io.quarkube.controllermanager.controller.ControllerRefResolver;
import io.quarkube.controllermanager.controller.ControllerRunner;
import io.quarkube.controllermanager.controller.Enqueuer;
import io.quarkube.controllermanager.controller.Expectations;
import io.quarkube.controllermanager.controller.Lister;
import io.quarkube.controllermanager.controller.OwnedPodEvents;
import io.quarkube.controllermanager.controller.PodControl;
import io.quarkube.controllermanager.controller.RealPodControl;
import io.quarkube.controllermanager.controller.RecordingPodControl;

/**
 * Maps informer events to ReplicaSet keys (Kubernetes' addPod/updatePod/deletePod handlers, shared with the
 * DaemonSet controller in {@link OwnedPodEvents}): a pod's event goes to the ReplicaSet that controls it, or, for
 * an orphan, to every ReplicaSet whose selector matches it, lowering the expectations. It never calls the API.
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
        return new OwnedPodEvents<>(new ControllerRefResolver<>(replicaSets, "apps", ReplicaSetSync.KIND,
                rs -> rs.getSpec().getSelector()), expectations, queue, ReplicaSetStatus::minReadySeconds);
    }

    private static String key(ReplicaSet rs) {
        return ObjectKey.of(rs).toString();
    }
}
