package io.quarkube.kubelet.status;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerState;
import io.fabric8.kubernetes.api.model.ContainerStateTerminated;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.PodSpec;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** The pod phase from its container statuses, as the kubelet's getPhase computes it. */
public final class PodPhases {
    public static final String PENDING = "Pending";
    public static final String RUNNING = "Running";
    public static final String SUCCEEDED = "Succeeded";
    public static final String FAILED = "Failed";

    private PodPhases() {
    }

    public static boolean isTerminal(String phase) {
        return SUCCEEDED.equals(phase) || FAILED.equals(phase);
    }

    public static String restartPolicy(PodSpec spec) {
        return spec.getRestartPolicy() == null ? "Always" : spec.getRestartPolicy();
    }

    public static String phase(PodSpec spec, List<ContainerStatus> initStatuses, List<ContainerStatus> statuses) {
        String policy = restartPolicy(spec);
        int pendingInit = 0;
        int failedInit = 0;
        for (Container container : orEmpty(spec.getInitContainers())) {
            Optional<ContainerStatus> status = find(initStatuses, container.getName());
            ContainerState state = status.map(ContainerStatus::getState).orElse(null);
            if (state == null || state.getRunning() != null) {
                pendingInit++;
            } else if (state.getTerminated() != null) {
                failedInit += state.getTerminated().getExitCode() != 0 ? 1 : 0;
            } else if (lastTerminated(status.get()) != null) {
                failedInit += lastTerminated(status.get()).getExitCode() != 0 ? 1 : 0;
            } else {
                pendingInit++;
            }
        }
        int unknown = 0;
        int running = 0;
        int waiting = 0;
        int stopped = 0;
        int succeeded = 0;
        for (Container container : orEmpty(spec.getContainers())) {
            Optional<ContainerStatus> status = find(statuses, container.getName());
            ContainerState state = status.map(ContainerStatus::getState).orElse(null);
            if (state == null) {
                unknown++;
            } else if (state.getRunning() != null) {
                running++;
            } else if (state.getTerminated() != null) {
                stopped++;
                succeeded += state.getTerminated().getExitCode() == 0 ? 1 : 0;
            } else if (state.getWaiting() != null) {
                // waiting after a run = restarting (CrashLoopBackOff): counts as stopped, as in the kubelet
                if (lastTerminated(status.get()) != null) {
                    stopped++;
                } else {
                    waiting++;
                }
            } else {
                unknown++;
            }
        }
        if (failedInit > 0 && "Never".equals(policy)) {
            return FAILED;
        }
        if (pendingInit > 0 || waiting > 0) {
            return PENDING;
        }
        if (running > 0 && unknown == 0) {
            return RUNNING;
        }
        if (running == 0 && stopped > 0 && unknown == 0) {
            if ("Always".equals(policy)) {
                return RUNNING;
            }
            if (stopped == succeeded) {
                return SUCCEEDED;
            }
            return "Never".equals(policy) ? FAILED : RUNNING;
        }
        return PENDING;
    }

    private static ContainerStateTerminated lastTerminated(ContainerStatus status) {
        return status.getLastState() == null ? null : status.getLastState().getTerminated();
    }

    private static Optional<ContainerStatus> find(List<ContainerStatus> statuses, String name) {
        return orEmpty(statuses).stream().filter(s -> Objects.equals(s.getName(), name)).findFirst();
    }

    static <T> List<T> orEmpty(List<T> list) {
        return list == null ? List.of() : list;
    }
}
