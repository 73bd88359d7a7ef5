package io.quarkube.controllermanager.job;

import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.batch.v1.PodFailurePolicy;
import io.fabric8.kubernetes.api.model.batch.v1.PodFailurePolicyOnExitCodesRequirement;
import io.fabric8.kubernetes.api.model.batch.v1.PodFailurePolicyOnPodConditionsPattern;
import io.fabric8.kubernetes.api.model.batch.v1.PodFailurePolicyRule;

import java.util.List;
import java.util.Objects;

/**
 * Matches a failed pod against spec.podFailurePolicy (pod_failure_policy.go): the first rule whose onExitCodes or
 * onPodConditions match decides. FailJob fails the whole Job, Ignore does not count the failure towards
 * backoffLimit, Count counts it; no matching rule counts it too. FailIndex (backoffLimitPerIndex) is not supported.
 */
final class PodFailurePolicies {
    static final String FAIL_JOB = "FailJob";
    static final String IGNORE = "Ignore";
    static final String COUNT = "Count";

    /** @param failJobMessage set when a FailJob rule matched; action null when no rule matched */
    record Match(String failJobMessage, boolean countFailed, String action) {
        static final Match NONE = new Match(null, true, null);
    }

    private PodFailurePolicies() {
    }

    static Match match(PodFailurePolicy policy, Pod pod) {
        if (policy == null || policy.getRules() == null) {
            return Match.NONE;
        }
        List<PodFailurePolicyRule> rules = policy.getRules();
        for (int index = 0; index < rules.size(); index++) {
            PodFailurePolicyRule rule = rules.get(index);
            String action = rule.getAction();
            if (rule.getOnExitCodes() != null) {
                ContainerStatus status = matchExitCodes(pod, rule.getOnExitCodes());
                if (status != null) {
                    String message = String.format("Container %s for pod %s/%s failed with exit code %d matching %s "
                            + "rule at index %d", status.getName(), pod.getMetadata().getNamespace(),
                            pod.getMetadata().getName(), status.getState().getTerminated().getExitCode(), action, index);
                    Match match = matchAction(action, message);
                    if (match != null) {
                        return match;
                    }
                }
            } else if (rule.getOnPodConditions() != null && !rule.getOnPodConditions().isEmpty()) {
                PodCondition condition = matchConditions(pod, rule.getOnPodConditions());
                if (condition != null) {
                    String message = String.format("Pod %s/%s has condition %s matching %s rule at index %d",
                            pod.getMetadata().getNamespace(), pod.getMetadata().getName(), condition.getType(),
                            action, index);
                    Match match = matchAction(action, message);
                    if (match != null) {
                        return match;
                    }
                }
            }
        }
        return Match.NONE;
    }

    private static Match matchAction(String action, String message) {
        return switch (Objects.requireNonNullElse(action, "")) {
            case IGNORE -> new Match(null, false, IGNORE);
            case COUNT -> new Match(null, true, COUNT);
            case FAIL_JOB -> new Match(message, true, FAIL_JOB);
            default -> null; // FailIndex without backoffLimitPerIndex: the next rule decides, as in Kubernetes
        };
    }

    /** A terminated container (app containers first, then init containers) with a non-zero code that matches. */
    private static ContainerStatus matchExitCodes(Pod pod, PodFailurePolicyOnExitCodesRequirement requirement) {
        if (pod.getStatus() == null) {
            return null;
        }
        ContainerStatus found = matchIn(pod.getStatus().getContainerStatuses(), requirement);
        return found != null ? found : matchIn(pod.getStatus().getInitContainerStatuses(), requirement);
    }

    private static ContainerStatus matchIn(List<ContainerStatus> statuses,
                                           PodFailurePolicyOnExitCodesRequirement requirement) {
        for (ContainerStatus status : Objects.requireNonNullElse(statuses, List.<ContainerStatus>of())) {
            if (status.getState() == null || status.getState().getTerminated() == null) {
                continue; // still terminating: no exit code to match yet
            }
            if (requirement.getContainerName() != null && !requirement.getContainerName().equals(status.getName())) {
                continue;
            }
            Integer code = status.getState().getTerminated().getExitCode();
            if (code != null && code != 0 && operatorMatches(code, requirement)) {
                return status;
            }
        }
        return null;
    }

    private static boolean operatorMatches(int code, PodFailurePolicyOnExitCodesRequirement requirement) {
        List<Integer> values = Objects.requireNonNullElse(requirement.getValues(), List.of());
        return switch (Objects.requireNonNullElse(requirement.getOperator(), "")) {
            case "In" -> values.contains(code);
            case "NotIn" -> !values.contains(code);
            default -> false;
        };
    }

    private static PodCondition matchConditions(Pod pod, List<PodFailurePolicyOnPodConditionsPattern> patterns) {
        List<PodCondition> conditions = pod.getStatus() == null ? null : pod.getStatus().getConditions();
        for (PodCondition condition : Objects.requireNonNullElse(conditions, List.<PodCondition>of())) {
            for (PodFailurePolicyOnPodConditionsPattern pattern : patterns) {
                String status = pattern.getStatus() == null ? "True" : pattern.getStatus();
                if (Objects.equals(condition.getType(), pattern.getType()) && status.equals(condition.getStatus())) {
                    return condition;
                }
            }
        }
        return null;
    }
}
