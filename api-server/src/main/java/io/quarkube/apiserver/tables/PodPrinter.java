package io.quarkube.apiserver.tables;

import com.fasterxml.jackson.databind.node.ArrayNode;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerState;
import io.fabric8.kubernetes.api.model.ContainerStateTerminated;
import io.fabric8.kubernetes.api.model.ContainerStateWaiting;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodReadinessGate;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.quarkube.api.json.Json;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static io.quarkube.apiserver.tables.Formats.NONE;
import static io.quarkube.apiserver.tables.Formats.list;
import static io.quarkube.apiserver.tables.Formats.str;

/**
 * Pods as printers.go printPod shows them: READY n/m, the STATUS summary (Init:1/2, Init:Error,
 * ContainerCreating, CrashLoopBackOff, Completed, Error, NotReady, Terminating, ...) and RESTARTS with the
 * age of the last restart, "3 (2m ago)".
 */
final class PodPrinter implements KindPrinter<Pod> {
    private static final String NODE_LOST = "NodeLost";
    private static final List<Column> COLUMNS = List.of(
            Column.nameColumn(),
            Column.string("Ready", "The aggregate readiness state of this pod for accepting traffic."),
            Column.string("Status", "The aggregate status of the containers in this pod."),
            Column.string("Restarts", "The number of times the containers in this pod have been restarted "
                    + "and when the last container in this pod has restarted."),
            Column.age(),
            Column.wide("IP", "podIP address allocated to the pod. Routable at least within the cluster. "
                    + "Empty if not yet allocated."),
            Column.wide("Node", "NodeName indicates in which node this pod is scheduled."),
            Column.wide("Nominated Node", "nominatedNodeName is set only when this pod preempts other pods "
                    + "on the node, but it cannot be scheduled right away as preemption victims receive their "
                    + "graceful termination periods."),
            Column.wide("Readiness Gates", "If specified, all readiness gates will be evaluated for pod "
                    + "readiness."));

    @Override
    public Class<Pod> kind() {
        return Pod.class;
    }

    @Override
    public List<Column> columns() {
        return COLUMNS;
    }

    @Override
    public List<Object> cells(Pod pod, Instant now) {
        PodSpec spec = pod.getSpec() == null ? new PodSpec() : pod.getSpec();
        PodStatus status = pod.getStatus() == null ? new PodStatus() : pod.getStatus();
        Summary summary = summarize(spec, status);
        String reason = summary.reason;
        boolean deleting = pod.getMetadata().getDeletionTimestamp() != null;
        if (deleting && NODE_LOST.equals(status.getReason())) {
            reason = "Unknown";
        } else if (deleting && !terminal(phase(status))) {
            reason = "Terminating";
        }
        String restarts = Integer.toString(summary.restarts);
        if (summary.restarts != 0 && summary.lastRestart != null) {
            restarts = summary.restarts + " (" + HumanDuration.since(summary.lastRestart, now) + " ago)";
        }
        return List.of(str(pod.getMetadata().getName()), summary.ready + "/" + summary.total, reason, restarts,
                HumanDuration.since(pod.getMetadata().getCreationTimestamp(), now),
                podIp(status), orNone(spec.getNodeName()), orNone(status.getNominatedNodeName()),
                readinessGates(spec, status));
    }

    /** Succeeded and Failed pods carry the row condition Completed, as upstream marks them. */
    @Override
    public ArrayNode conditions(Pod pod) {
        String phase = pod.getStatus() == null ? "" : str(pod.getStatus().getPhase());
        String message = switch (phase) {
            case "Succeeded" -> "The pod has completed successfully.";
            case "Failed" -> "The pod failed.";
            default -> null;
        };
        if (message == null) {
            return null;
        }
        ArrayNode conditions = Json.MAPPER.createArrayNode();
        conditions.addObject().put("type", "Completed").put("status", "True").put("reason", phase)
                .put("message", message);
        return conditions;
    }

    private static final class Summary {
        String reason;
        int ready;
        int total;
        int restarts;
        Instant lastRestart;
    }

    private static Summary summarize(PodSpec spec, PodStatus status) {
        Summary s = new Summary();
        s.total = list(spec.getContainers()).size();
        s.reason = status.getReason() == null || status.getReason().isEmpty() ? phase(status) : status.getReason();
        for (PodCondition condition : list(status.getConditions())) {
            if ("PodScheduled".equals(condition.getType()) && "SchedulingGated".equals(condition.getReason())) {
                s.reason = "SchedulingGated";
            }
        }
        Map<String, Container> initContainers = new HashMap<>();
        for (Container c : list(spec.getInitContainers())) {
            initContainers.put(c.getName(), c);
            if (restartable(c)) {
                s.total++; // sidecars count as regular containers
            }
        }
        int sidecarRestarts = 0;
        Instant lastSidecarRestart = null;
        boolean initializing = false;
        List<ContainerStatus> initStatuses = list(status.getInitContainerStatuses());
        for (int i = 0; i < initStatuses.size(); i++) {
            ContainerStatus c = initStatuses.get(i);
            s.restarts += count(c);
            s.lastRestart = later(s.lastRestart, lastFinished(c));
            boolean sidecar = restartable(initContainers.get(c.getName()));
            if (sidecar) {
                sidecarRestarts += count(c);
                lastSidecarRestart = later(lastSidecarRestart, lastFinished(c));
            }
            ContainerStateTerminated terminated = terminated(c.getState());
            ContainerStateWaiting waiting = waiting(c.getState());
            if (terminated != null && exitCode(terminated) == 0) {
                continue;
            }
            if (sidecar && Boolean.TRUE.equals(c.getStarted())) {
                if (Boolean.TRUE.equals(c.getReady())) {
                    s.ready++;
                }
                continue;
            }
            if (terminated != null) {
                s.reason = empty(terminated.getReason()) ? "Init:" + exitText(terminated)
                        : "Init:" + terminated.getReason();
            } else if (waiting != null && !empty(waiting.getReason())
                    && !"PodInitializing".equals(waiting.getReason())) {
                s.reason = "Init:" + waiting.getReason();
            } else {
                s.reason = "Init:" + i + "/" + list(spec.getInitContainers()).size();
            }
            initializing = true;
            break;
        }
        if (!initializing || conditionTrue(status, "Initialized")) {
            s.restarts = sidecarRestarts;
            s.lastRestart = lastSidecarRestart;
            boolean hasRunning = false;
            List<ContainerStatus> statuses = list(status.getContainerStatuses());
            for (int i = statuses.size() - 1; i >= 0; i--) {
                ContainerStatus c = statuses.get(i);
                s.restarts += count(c);
                s.lastRestart = later(s.lastRestart, lastFinished(c));
                ContainerStateTerminated terminated = terminated(c.getState());
                ContainerStateWaiting waiting = waiting(c.getState());
                if (waiting != null && !empty(waiting.getReason())) {
                    s.reason = waiting.getReason();
                } else if (terminated != null && !empty(terminated.getReason())) {
                    s.reason = terminated.getReason();
                } else if (terminated != null) {
                    s.reason = exitText(terminated);
                } else if (Boolean.TRUE.equals(c.getReady()) && c.getState() != null
                        && c.getState().getRunning() != null) {
                    hasRunning = true;
                    s.ready++;
                }
            }
            // a pod whose last container completed while another still runs is still Running
            if ("Completed".equals(s.reason) && hasRunning) {
                s.reason = conditionTrue(status, "Ready") ? "Running" : "NotReady";
            }
        }
        return s;
    }

    /** The API server always sets a phase; a pod that never went through it reads as Pending. */
    private static String phase(PodStatus status) {
        return empty(status.getPhase()) ? "Pending" : status.getPhase();
    }

    private static boolean terminal(String phase) {
        return "Succeeded".equals(phase) || "Failed".equals(phase);
    }

    private static String exitText(ContainerStateTerminated terminated) {
        int signal = terminated.getSignal() == null ? 0 : terminated.getSignal();
        return signal != 0 ? "Signal:" + signal : "ExitCode:" + exitCode(terminated);
    }

    private static int exitCode(ContainerStateTerminated terminated) {
        return terminated.getExitCode() == null ? 0 : terminated.getExitCode();
    }

    private static int count(ContainerStatus c) {
        return c.getRestartCount() == null ? 0 : c.getRestartCount();
    }

    private static Instant lastFinished(ContainerStatus c) {
        ContainerStateTerminated last = terminated(c.getLastState());
        return last == null ? null : HumanDuration.parse(last.getFinishedAt());
    }

    private static Instant later(Instant current, Instant candidate) {
        return candidate != null && (current == null || current.isBefore(candidate)) ? candidate : current;
    }

    private static ContainerStateTerminated terminated(ContainerState state) {
        return state == null ? null : state.getTerminated();
    }

    private static ContainerStateWaiting waiting(ContainerState state) {
        return state == null ? null : state.getWaiting();
    }

    private static boolean restartable(Container c) {
        return c != null && "Always".equals(c.getRestartPolicy());
    }

    /** The first condition of that type decides, as upstream's lookups do. */
    private static boolean conditionTrue(PodStatus status, String type) {
        for (PodCondition condition : list(status.getConditions())) {
            if (type.equals(condition.getType())) {
                return "True".equals(condition.getStatus());
            }
        }
        return false;
    }

    private static String podIp(PodStatus status) {
        String ip = list(status.getPodIPs()).isEmpty() ? status.getPodIP() : status.getPodIPs().get(0).getIp();
        return orNone(ip);
    }

    private static String readinessGates(PodSpec spec, PodStatus status) {
        List<PodReadinessGate> gates = list(spec.getReadinessGates());
        if (gates.isEmpty()) {
            return NONE;
        }
        long satisfied = gates.stream().filter(g -> conditionTrue(status, str(g.getConditionType()))).count();
        return satisfied + "/" + gates.size();
    }

    private static String orNone(String value) {
        return empty(value) ? NONE : value;
    }

    private static boolean empty(String value) {
        return value == null || value.isEmpty();
    }
}
