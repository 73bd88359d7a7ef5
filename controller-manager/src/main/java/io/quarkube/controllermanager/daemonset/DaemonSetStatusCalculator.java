package io.quarkube.controllermanager.daemonset;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.DaemonSetStatus;
import io.quarkube.api.json.Json;
import io.quarkube.controllermanager.controller.PodUtil;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The status counts of Kubernetes' updateDaemonSetStatus, per node that should run a pod (desired), has one
 * (current), is ready, available for minReadySeconds, or of the current template (updated); pods on nodes that
 * should not run one are misscheduled. {@code kubectl rollout status} compares these.
 */
final class DaemonSetStatusCalculator {
    private DaemonSetStatusCalculator() {
    }

    /**
     * @param observe whether this sync acted on the current generation (false while expectations are pending)
     */
    static DaemonSetStatus calculate(DaemonSet ds, List<Node> nodes, NodeEligibility eligibility,
                                     Map<String, List<Pod>> nodeToPods, String hash, Instant now, boolean observe) {
        int desired = 0;
        int current = 0;
        int misscheduled = 0;
        int ready = 0;
        int available = 0;
        int updated = 0;
        int minReady = ManagePlan.minReadySeconds(ds);
        Long generation = DaemonPods.templateGeneration(ds);
        for (Node node : nodes) {
            List<Pod> pods = nodeToPods.get(node.getMetadata().getName());
            boolean scheduled = pods != null && !pods.isEmpty();
            if (!eligibility.decide(node).shouldRun()) {
                misscheduled += scheduled ? 1 : 0;
                continue;
            }
            desired++;
            if (!scheduled) {
                continue;
            }
            current++;
            Pod oldest = pods.stream().min(DaemonPods.OLDEST_FIRST).orElseThrow();
            if (PodUtil.isReady(oldest)) {
                ready++;
                if (PodUtil.isAvailable(oldest, minReady, now)) {
                    available++;
                }
            }
            if (DaemonPods.isUpdated(oldest, hash, generation)) {
                updated++;
            }
        }
        DaemonSetStatus status = ds.getStatus() == null ? new DaemonSetStatus()
                : Json.copy(ds.getStatus(), DaemonSetStatus.class);
        status.setDesiredNumberScheduled(desired);
        status.setCurrentNumberScheduled(current);
        status.setNumberMisscheduled(misscheduled);
        status.setNumberReady(ready);
        status.setNumberAvailable(available);
        status.setNumberUnavailable(desired - available);
        status.setUpdatedNumberScheduled(updated);
        if (observe) {
            status.setObservedGeneration(ds.getMetadata().getGeneration());
        }
        if (status.getConditions() == null) {
            status.setConditions(new ArrayList<>());
        }
        return status;
    }

    /** storeDaemonSetStatus's test: counts differ, or the generation is not yet observed. */
    static boolean changed(DaemonSet ds, DaemonSetStatus desired) {
        DaemonSetStatus current = ds.getStatus();
        if (current == null) {
            return true;
        }
        return num(current.getDesiredNumberScheduled()) != num(desired.getDesiredNumberScheduled())
                || num(current.getCurrentNumberScheduled()) != num(desired.getCurrentNumberScheduled())
                || num(current.getNumberMisscheduled()) != num(desired.getNumberMisscheduled())
                || num(current.getNumberReady()) != num(desired.getNumberReady())
                || num(current.getUpdatedNumberScheduled()) != num(desired.getUpdatedNumberScheduled())
                || num(current.getNumberAvailable()) != num(desired.getNumberAvailable())
                || num(current.getNumberUnavailable()) != num(desired.getNumberUnavailable())
                || !Objects.equals(current.getCollisionCount(), desired.getCollisionCount())
                || gen(current.getObservedGeneration()) < gen(ds.getMetadata().getGeneration())
                && gen(desired.getObservedGeneration()) != gen(current.getObservedGeneration());
    }

    private static int num(Integer value) {
        return value == null ? 0 : value;
    }

    private static long gen(Long value) {
        return value == null ? 0 : value;
    }
}
