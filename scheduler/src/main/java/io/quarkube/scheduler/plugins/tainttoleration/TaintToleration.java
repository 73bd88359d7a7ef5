package io.quarkube.scheduler.plugins.tainttoleration;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Taint;
import io.fabric8.kubernetes.api.model.Toleration;
import io.quarkube.scheduler.framework.CycleState;
import io.quarkube.scheduler.framework.FilterPlugin;
import io.quarkube.scheduler.framework.NodeInfo;
import io.quarkube.scheduler.framework.PreScorePlugin;
import io.quarkube.scheduler.framework.ScorePlugin;
import io.quarkube.scheduler.framework.Status;
import io.quarkube.scheduler.framework.Tolerations;

import java.util.ArrayList;
import java.util.List;

/**
 * Every NoSchedule and NoExecute taint of the node must be tolerated. PreferNoSchedule taints only cost score:
 * the more of them a node has that the pod does not tolerate, the lower it ranks (reverse-normalized, weight 3).
 */
public final class TaintToleration implements FilterPlugin, PreScorePlugin, ScorePlugin {
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

    /** Keeps the tolerations that can tolerate a PreferNoSchedule taint (that effect, or any effect). */
    @Override
    public Status preScore(CycleState state, Pod pod, List<NodeInfo> feasibleNodes) {
        List<Toleration> preferNoSchedule = new ArrayList<>(0);
        if (pod.getSpec().getTolerations() != null) {
            for (Toleration toleration : pod.getSpec().getTolerations()) {
                String effect = toleration.getEffect();
                if (effect == null || effect.isEmpty() || "PreferNoSchedule".equals(effect)) {
                    preferNoSchedule.add(toleration);
                }
            }
        }
        state.write(NAME, preferNoSchedule);
        return Status.success();
    }

    /** The raw score is the count of untolerated PreferNoSchedule taints; {@link #normalize} reverses it. */
    @Override
    @SuppressWarnings("unchecked")
    public long score(CycleState state, Pod pod, NodeInfo node) {
        List<Taint> taints = node.node().getSpec() == null ? null : node.node().getSpec().getTaints();
        if (taints == null) {
            return 0;
        }
        List<Toleration> tolerations = state.read(NAME, List.class);
        long count = 0;
        for (Taint taint : taints) {
            if ("PreferNoSchedule".equals(taint.getEffect()) && !Tolerations.tolerates(tolerations, taint)) {
                count++;
            }
        }
        return count;
    }

    @Override
    public void normalize(CycleState state, Pod pod, long[] scores) {
        ScorePlugin.defaultNormalize(scores, true);
    }

    @Override
    public int weight() {
        return 3;
    }
}
