package io.quarkube.scheduler.plugins.tainttoleration;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Taint;
import io.quarkube.scheduler.framework.CycleState;
import io.quarkube.scheduler.framework.FilterPlugin;
import io.quarkube.scheduler.framework.NodeInfo;
import io.quarkube.scheduler.framework.Status;
import io.quarkube.scheduler.framework.Tolerations;

import java.util.List;

/** Every NoSchedule and NoExecute taint of the node must be tolerated; PreferNoSchedule only affects scores. */
public final class TaintToleration implements FilterPlugin {
    public static final String NAME = "TaintToleration";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Status filter(CycleState state, Pod pod, NodeInfo node) {
        List<Taint> taints = node.node().getSpec() == null ? null : node.node().getSpec().getTaints();
        if (taints == null) {
            return Status.success();
        }
        for (Taint taint : taints) {
            boolean filtering = "NoSchedule".equals(taint.getEffect()) || "NoExecute".equals(taint.getEffect());
            if (filtering && !Tolerations.tolerates(pod.getSpec().getTolerations(), taint)) {
                return Status.unresolvable("node(s) had untolerated taint {" + taint.getKey() + ": "
                        + (taint.getValue() == null ? "" : taint.getValue()) + "}");
            }
        }
        return Status.success();
    }
}
