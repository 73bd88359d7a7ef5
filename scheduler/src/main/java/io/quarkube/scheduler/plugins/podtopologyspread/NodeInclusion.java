package io.quarkube.scheduler.plugins.podtopologyspread;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Taint;
import io.fabric8.kubernetes.api.model.Toleration;
import io.quarkube.scheduler.framework.NodeInfo;
import io.quarkube.scheduler.framework.Tolerations;
import io.quarkube.scheduler.framework.TopologyDomains;
import io.quarkube.scheduler.plugins.nodeaffinity.RequiredNodeAffinity;

import java.util.List;

/**
 * Which nodes count as domains for a constraint (Kubernetes' matchNodeInclusionPolicies): with
 * nodeAffinityPolicy Honor only nodes matching the pod's nodeSelector and required node affinity (the NodeAffinity
 * plugin's own matcher), with nodeTaintsPolicy Honor only nodes whose NoSchedule/NoExecute taints the pod tolerates.
 */
final class NodeInclusion {
    private final RequiredNodeAffinity nodeAffinity;
    private final List<Toleration> tolerations;

    NodeInclusion(Pod pod) {
        this.nodeAffinity = RequiredNodeAffinity.of(pod);
        this.tolerations = pod.getSpec().getTolerations();
    }

    /**
     * True if every node with the topology keys is included for every constraint, known without looking at the
     * nodes: each honoured policy is vacuous (the pod has no nodeSelector nor required node affinity; no node has
     * a NoSchedule/NoExecute taint). Then the snapshot's cached domains are the constraints' domains.
     */
    boolean includesAllNodes(List<SpreadConstraint> constraints, TopologyDomains domains) {
        for (SpreadConstraint c : constraints) {
            if (c.honorNodeAffinity() && !nodeAffinity.isEmpty()) {
                return false;
            }
            if (c.honorTaints() && domains.hasNodesWithFilteringTaints()) {
                return false;
            }
        }
        return true;
    }

    boolean includes(SpreadConstraint constraint, NodeInfo node) {
        if (constraint.honorNodeAffinity() && !nodeAffinity.matches(node)) {
            return false;
        }
        return !constraint.honorTaints() || toleratesTaints(node);
    }

    private boolean toleratesTaints(NodeInfo node) {
        List<Taint> taints = node.node().getSpec() == null ? null : node.node().getSpec().getTaints();
        if (taints == null) {
            return true;
        }
        for (Taint taint : taints) {
            boolean filtering = "NoSchedule".equals(taint.getEffect()) || "NoExecute".equals(taint.getEffect());
            if (filtering && !Tolerations.tolerates(tolerations, taint)) {
                return false;
            }
        }
        return true;
    }
}
