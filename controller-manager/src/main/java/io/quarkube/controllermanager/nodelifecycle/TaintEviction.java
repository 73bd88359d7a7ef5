package io.quarkube.controllermanager.nodelifecycle;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Taint;
import io.fabric8.kubernetes.api.model.Toleration;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * When a pod on a node with NoExecute taints must go (Kubernetes' taint eviction, processPodOnNode): at once if
 * one taint is not tolerated; never if every matching toleration has no tolerationSeconds; else tolerationSeconds
 * after the taint was added, the earliest such time over the taints.
 */
final class TaintEviction {
    private TaintEviction() {
    }

    /**
     * The eviction time, or null for never. {@code added} says since when each taint is on the node (its
     * timeAdded, or when the controller first saw it).
     */
    static Instant deadline(Pod pod, List<Taint> noExecuteTaints, Function<Taint, Instant> added) {
        List<Toleration> tolerations = pod.getSpec() == null || pod.getSpec().getTolerations() == null ? List.of()
                : pod.getSpec().getTolerations();
        Instant earliest = null;
        for (Taint taint : noExecuteTaints) {
            Toleration used = tolerations.stream().filter(t -> tolerates(t, taint)).findFirst().orElse(null);
            if (used == null) {
                return Instant.MIN;
            }
            if (used.getTolerationSeconds() == null) {
                continue; // tolerated for ever
            }
            Instant at = added.apply(taint).plusSeconds(Math.max(0, used.getTolerationSeconds()));
            if (earliest == null || at.isBefore(earliest)) {
                earliest = at;
            }
        }
        return earliest;
    }

    /** Whether the pod stays on the node however long the taint lasts (DaemonSet pods do for unreachable). */
    static boolean toleratesForever(Pod pod, Taint taint) {
        List<Toleration> tolerations = pod.getSpec() == null || pod.getSpec().getTolerations() == null ? List.of()
                : pod.getSpec().getTolerations();
        return tolerations.stream().filter(t -> tolerates(t, taint)).findFirst()
                .map(t -> t.getTolerationSeconds() == null).orElse(false);
    }

    /** v1helper ToleratesTaint: effect and key match (empty = any), then Equal compares values, Exists does not. */
    static boolean tolerates(Toleration toleration, Taint taint) {
        if (!empty(toleration.getEffect()) && !toleration.getEffect().equals(taint.getEffect())) {
            return false;
        }
        if (!empty(toleration.getKey()) && !toleration.getKey().equals(taint.getKey())) {
            return false;
        }
        String operator = toleration.getOperator();
        if (empty(operator) || "Equal".equals(operator)) {
            return Objects.equals(orEmpty(toleration.getValue()), orEmpty(taint.getValue()));
        }
        return "Exists".equals(operator);
    }

    private static boolean empty(String s) {
        return s == null || s.isEmpty();
    }

    private static String orEmpty(String s) {
        return s == null ? "" : s;
    }
}
