package io.quarkube.scheduler.plugins.nodename;

import io.fabric8.kubernetes.api.model.Pod;
import io.quarkube.scheduler.framework.CycleState;
import io.quarkube.scheduler.framework.FilterPlugin;
import io.quarkube.scheduler.framework.NodeInfo;
import io.quarkube.scheduler.framework.Status;

/**
 * A pod that names its node may only go there. Pods created with spec.nodeName are bound already and never reach
 * the queue; the filter still guards every other path (an extender, a future nominated-node flow), as upstream.
 */
public final class NodeName implements FilterPlugin {
    public static final String NAME = "NodeName";
    public static final String REASON = "node(s) didn't match the requested node name";
    private static final Status REJECTED = Status.unresolvable(REASON);

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Status filter(CycleState state, Pod pod, NodeInfo node) {
        String wanted = pod.getSpec().getNodeName();
        if (wanted == null || wanted.isEmpty() || wanted.equals(node.name())) {
            return Status.success();
        }
        return REJECTED;
    }
}
