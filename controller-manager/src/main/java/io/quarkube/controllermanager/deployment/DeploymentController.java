package io.quarkube.controllermanager.deployment;

import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.quarkube.api.ObjectKey;
import io.quarkube.api.Resources;
import io.quarkube.api.informer.ResourceEventHandler;
import io.quarkube.controllermanager.controller.ControllerContext;
import io.quarkube.controllermanager.controller.ControllerRefResolver;
import io.quarkube.controllermanager.controller.ControllerRefs;
import io.quarkube.controllermanager.controller.ControllerRunner;
import io.quarkube.controllermanager.controller.Enqueuer;
import io.quarkube.controllermanager.controller.Lister;
import io.quarkube.controllermanager.controller.PodUtil;

import java.util.Objects;

/**
 * Maps informer events to Deployment keys (deployment_controller.go's handlers): a ReplicaSet's event goes to
 * the Deployment controlling it, or, for an orphan, to every Deployment whose selector matches it; a pod's event
 * (created, readiness or phase changed, terminating, gone) goes to the Deployment of its ReplicaSet, since the
 * rolling update bounds its steps by the pods and Recreate waits for the old ones to be gone. Never calls the API.
 */
public final class DeploymentController {
    private final ControllerRefResolver<Deployment> deployments;
    private final ControllerRefResolver<ReplicaSet> replicaSets;
    private final Enqueuer queue;

    public DeploymentController(Lister<Deployment> deployments, Lister<ReplicaSet> replicaSets, Enqueuer queue) {
        this.deployments = new ControllerRefResolver<>(deployments, "apps", DeploymentSync.KIND,
                d -> d.getSpec() == null ? null : d.getSpec().getSelector());
        // only resolves pods' references: the selector (for orphans) is never asked for
        this.replicaSets = new ControllerRefResolver<>(replicaSets, "apps", "ReplicaSet", rs -> null);
        this.queue = queue;
    }

    public static ControllerRunner setUp(ControllerContext context) {
        Lister<Deployment> deployments = context.lister(Resources.DEPLOYMENTS);
        Lister<ReplicaSet> replicaSets = context.lister(Resources.REPLICASETS);
        Lister<Pod> pods = context.lister(Resources.PODS);
        DeploymentSync sync = new DeploymentSync(deployments, replicaSets, pods,
                DeploymentClient.over(context.api()), context.recorder("deployment-controller"), context.clock());
        ControllerRunner runner = new ControllerRunner("deployment", sync, context.config().deploymentWorkers());
        DeploymentController controller = new DeploymentController(deployments, replicaSets, runner);
        context.addHandler(Resources.DEPLOYMENTS, controller.deploymentHandler());
        context.addHandler(Resources.REPLICASETS, controller.replicaSetHandler());
        context.addHandler(Resources.PODS, controller.podHandler());
        return runner;
    }

    public ResourceEventHandler<Deployment> deploymentHandler() {
        return ResourceEventHandler.onEveryChange(d -> queue.enqueue(ObjectKey.of(d).toString()));
    }

    public ResourceEventHandler<ReplicaSet> replicaSetHandler() {
        return new ResourceEventHandler<>() {
            @Override
            public void onAdd(ReplicaSet rs) {
                enqueueOwnerOrMatching(rs);
            }

            @Override
            public void onUpdate(ReplicaSet oldRs, ReplicaSet newRs) {
                OwnerReference oldRef = ControllerRefs.controllerOf(oldRs);
                OwnerReference newRef = ControllerRefs.controllerOf(newRs);
                if (!Objects.equals(oldRef, newRef) && oldRef != null) {
                    enqueueOwner(oldRs.getMetadata().getNamespace(), oldRef);
                }
                boolean labelsChanged = !Objects.equals(oldRs.getMetadata().getLabels(), newRs.getMetadata().getLabels());
                if (newRef != null) {
                    enqueueOwner(newRs.getMetadata().getNamespace(), newRef);
                } else if (labelsChanged || !Objects.equals(oldRef, newRef)) {
                    enqueueMatching(newRs);
                }
            }

            @Override
            public void onDelete(ReplicaSet rs) {
                OwnerReference ref = ControllerRefs.controllerOf(rs);
                if (ref != null) {
                    enqueueOwner(rs.getMetadata().getNamespace(), ref);
                }
            }
        };
    }

    public ResourceEventHandler<Pod> podHandler() {
        return new ResourceEventHandler<>() {
            @Override
            public void onAdd(Pod pod) {
                enqueueForPod(pod);
            }

            @Override
            public void onUpdate(Pod oldPod, Pod newPod) {
                boolean matters = PodUtil.isReady(oldPod) != PodUtil.isReady(newPod)
                        || !Objects.equals(PodUtil.phase(oldPod), PodUtil.phase(newPod))
                        || (oldPod.getMetadata().getDeletionTimestamp() == null)
                        != (newPod.getMetadata().getDeletionTimestamp() == null)
                        || !Objects.equals(ControllerRefs.controllerOf(oldPod), ControllerRefs.controllerOf(newPod));
                if (matters) {
                    enqueueForPod(newPod);
                }
            }

            @Override
            public void onDelete(Pod pod) {
                enqueueForPod(pod);
            }
        };
    }

    private void enqueueOwnerOrMatching(ReplicaSet rs) {
        OwnerReference ref = ControllerRefs.controllerOf(rs);
        if (ref != null) {
            enqueueOwner(rs.getMetadata().getNamespace(), ref);
        } else if (rs.getMetadata().getDeletionTimestamp() == null) {
            enqueueMatching(rs);
        }
    }

    private void enqueueForPod(Pod pod) {
        ReplicaSet rs = replicaSets.controllerOf(pod);
        if (rs != null) {
            enqueueOwner(pod.getMetadata().getNamespace(), ControllerRefs.controllerOf(rs));
        }
    }

    /** The Deployment the reference names, if it is in the cache with that UID. */
    private void enqueueOwner(String namespace, OwnerReference ref) {
        Deployment d = deployments.resolve(namespace, ref);
        if (d != null) {
            queue.enqueue(ObjectKey.of(d).toString());
        }
    }

    private void enqueueMatching(ReplicaSet orphan) {
        for (Deployment d : deployments.matching(orphan)) {
            queue.enqueue(ObjectKey.of(d).toString());
        }
    }
}
