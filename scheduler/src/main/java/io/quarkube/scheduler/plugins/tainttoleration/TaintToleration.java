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
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Every NoSchedule and NoExecute taint of the node must be tolerated. PreferNoSchedule taints only cost score:
 * the more of them a node has that the pod does not tolerate, the lower it ranks (reverse-normalized, weight 3).
 */
public final class TaintToleration implements FilterPlugin, PreScorePlugin, ScorePlugin {
    public static final String NAME = "TaintToleration";
    private final Map<String, Status> rejections = new HashMap<>();

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
                return rejection(taint);
            }
        }
        return Status.success();
    }

    /**
     * The same taint rejects pod after pod on every attempt: its Status (and message) is built once per taint
     * key and value. Only the scheduling thread filters, and a cluster has few distinct taints.
     */
    private Status rejection(Taint taint) {
        String key = taint.getKey() + ": " + (taint.getValue() == null ? "" : taint.getValue());
        Status status = rejections.get(key);
        if (status == null) {
            if (rejections.size() >= 10_000) {
                rejections.clear();
            }
            status = Status.unresolvable("node(s) had untolerated taint {" + key + "}");
            rejections.put(key, status);
        }
        return status;
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
