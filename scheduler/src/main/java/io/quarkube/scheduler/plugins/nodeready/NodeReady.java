package io.quarkube.scheduler.plugins.nodeready;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Taint;
import io.quarkube.scheduler.framework.CycleState;
import io.quarkube.scheduler.framework.FilterPlugin;
import io.quarkube.scheduler.framework.NodeInfo;
import io.quarkube.scheduler.framework.Status;
import io.quarkube.scheduler.framework.Tolerations;

/**
 * Keeps pods off nodes that are cordoned ({@code spec.unschedulable}) or whose Ready condition is not True.
 * Kubernetes expresses both as taints; a pod tolerating that taint (DaemonSet pods do) may still go there.
 */
public final class NodeReady implements FilterPlugin {
    public static final String NAME = "NodeReady";
    public static final String REASON_UNSCHEDULABLE = "node(s) were unschedulable";
    public static final String REASON_NOT_READY = "node(s) were not ready";

    static final Taint UNSCHEDULABLE_TAINT = new Taint("NoSchedule", "node.kubernetes.io/unschedulable", null, null);
    private static final Status UNSCHEDULABLE = Status.unresolvable(REASON_UNSCHEDULABLE);
    private static final Status NOT_READY = Status.unschedulable(REASON_NOT_READY);

    static final Taint NOT_READY_TAINT = new Taint("NoSchedule", "node.kubernetes.io/not-ready", null, null);

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Status filter(CycleState state, Pod pod, NodeInfo nodeInfo) {
        var tolerations = pod.getSpec().getTolerations();
        if (nodeInfo.isUnschedulable() && !Tolerations.tolerates(tolerations, UNSCHEDULABLE_TAINT)) {
            return UNSCHEDULABLE;
        }
        if (!nodeInfo.isReady() && !Tolerations.tolerates(tolerations, NOT_READY_TAINT)) {
            return NOT_READY;
        }
        return Status.success();
    }
}
