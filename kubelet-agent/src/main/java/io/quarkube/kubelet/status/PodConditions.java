package io.quarkube.kubelet.status;

import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.fabric8.kubernetes.api.model.PodReadinessGate;
import io.fabric8.kubernetes.api.model.PodSpec;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The conditions the kubelet owns, in the kubelet's order, as its status generation computes them: ContainersReady
 * from the containers' ready flags (which the readiness probes drive), Ready = ContainersReady and every readiness
 * gate's condition True, both False with reason PodCompleted / PodFailed once the pod is terminal. Every
 * lastTransitionTime is "now"; {@link StatusMerge} keeps older ones that still hold.
 */
public final class PodConditions {
    public static final String READY_TO_START = "PodReadyToStartContainers";
    public static final String INITIALIZED = "Initialized";
    public static final String READY = "Ready";
    public static final String CONTAINERS_READY = "ContainersReady";
    /** Types the kubelet sets; any other condition (PodScheduled, readiness gates...) belongs to someone else. */
    public static final Set<String> OWNED = Set.of(READY_TO_START, INITIALIZED, READY, CONTAINERS_READY);

    private PodConditions() {
    }

    public static List<PodCondition> of(String phase, boolean sandboxReady, List<ContainerStatus> initStatuses,
                                        List<ContainerStatus> statuses, String now) {
        return of(null, List.of(), phase, sandboxReady, initStatuses, statuses, now);
    }

    /** {@code current}: the pod's conditions in the API, where readiness gates' conditions are set by others. */
    public static List<PodCondition> of(PodSpec spec, List<PodCondition> current, String phase, boolean sandboxReady,
                                        List<ContainerStatus> initStatuses, List<ContainerStatus> statuses, String now) {
        List<PodCondition> conditions = new ArrayList<>();
        conditions.add(condition(READY_TO_START, sandboxReady, null, null, now));
        List<String> incomplete = PodPhases.orEmpty(initStatuses).stream()
                .filter(s -> !initSucceeded(s)).map(ContainerStatus::getName).toList();
        conditions.add(incomplete.isEmpty() || PodPhases.SUCCEEDED.equals(phase)
                ? condition(INITIALIZED, true, null, null, now)
                : condition(INITIALIZED, false, "ContainersNotInitialized",
                        "containers with incomplete status: " + names(incomplete), now));
        PodCondition containersReady = containersReady(phase, statuses, now);
        conditions.add(ready(spec, current, containersReady, now));
        conditions.add(containersReady);
        return conditions;
    }

    /** Ready follows ContainersReady while that is not True; then every readiness gate must be True too. */
    private static PodCondition ready(PodSpec spec, List<PodCondition> current, PodCondition containersReady,
                                      String now) {
        if (!"True".equals(containersReady.getStatus())) {
            return condition(READY, false, containersReady.getReason(), containersReady.getMessage(), now);
        }
        List<PodReadinessGate> gates = spec == null ? List.of() : PodPhases.orEmpty(spec.getReadinessGates());
        List<String> unready = new ArrayList<>();
        for (PodReadinessGate gate : gates) {
            Optional<PodCondition> found = PodPhases.orEmpty(current).stream()
                    .filter(c -> Objects.equals(c.getType(), gate.getConditionType())).findFirst();
            if (found.isEmpty()) {
                unready.add("corresponding condition of pod readiness gate \"" + gate.getConditionType()
                        + "\" does not exist.");
            } else if (!"True".equals(found.get().getStatus())) {
                unready.add("the status of pod readiness gate \"" + gate.getConditionType() + "\" is not \"True\", but "
                        + found.get().getStatus());
            }
        }
        if (!unready.isEmpty()) {
            return condition(READY, false, "ReadinessGatesNotReady", String.join(", ", unready), now);
        }
        return condition(READY, true, null, null, now);
    }

    private static PodCondition containersReady(String phase, List<ContainerStatus> statuses, String now) {
        if (PodPhases.SUCCEEDED.equals(phase)) {
            return condition(CONTAINERS_READY, false, "PodCompleted", null, now);
        }
        if (PodPhases.FAILED.equals(phase)) {
            // containers may still be stopping: a failed pod is never ready
            return condition(CONTAINERS_READY, false, "PodFailed", null, now);
        }
        List<String> unready = PodPhases.orEmpty(statuses).stream()
                .filter(s -> !Boolean.TRUE.equals(s.getReady())).map(ContainerStatus::getName).toList();
        if (unready.isEmpty() && !PodPhases.orEmpty(statuses).isEmpty()) {
            return condition(CONTAINERS_READY, true, null, null, now);
        }
        return condition(CONTAINERS_READY, false, "ContainersNotReady",
                "containers with unready status: " + names(unready), now);
    }

    private static boolean initSucceeded(ContainerStatus status) {
        return status.getState() != null && status.getState().getTerminated() != null
                && status.getState().getTerminated().getExitCode() == 0;
    }

    /** "[a b]", as Go prints a string slice. */
    private static String names(List<String> names) {
        return "[" + String.join(" ", names) + "]";
    }

    private static PodCondition condition(String type, boolean status, String reason, String message, String now) {
        return new PodConditionBuilder().withType(type).withStatus(status ? "True" : "False").withReason(reason)
                .withMessage(message).withLastTransitionTime(now).build();
    }
}
