package io.quarkube.kubelet.podworkers;

import io.fabric8.kubernetes.api.model.ContainerStateTerminated;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.quarkube.kubelet.runtime.ContainerExit;
import io.quarkube.kubelet.runtime.ContainerHandle;
import io.quarkube.kubelet.runtime.ContainerRuntime;
import io.quarkube.kubelet.runtime.ReportedRun;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What an agent that (re)starts does with a pod of its nodes whose status shows container runs: the runtime takes
 * over the sandbox and the runs (same container IDs, started when the status says, exited if they ended meanwhile),
 * and each container record continues from the status (restartCount, lastState, a crash backoff under way), so the
 * status computed next is the one already stored and nothing is started twice. A run the runtime cannot find any
 * more (its sandbox is gone, e.g. after a graceful shutdown stopped it) ended without trace: it is reported as the
 * kubelet does, exit 137 with reason ContainerStatusUnknown, and the restartPolicy applies.
 */
final class Adoption {
    static final String STATUS_UNKNOWN = "ContainerStatusUnknown";
    private static final Pattern BACKOFF = Pattern.compile("^back-off (\\d+)s ");

    private Adoption() {
    }

    /** The status shows runs of an earlier agent (a pod IP and a container ID). */
    static boolean hasRuns(Pod pod) {
        if (pod.getStatus() == null || pod.getStatus().getPodIP() == null) {
            return false;
        }
        return statuses(pod).stream().anyMatch(s -> s.getContainerID() != null && !s.getContainerID().isEmpty()
                || terminated(s.getLastState() == null ? null : s.getLastState().getTerminated()) != null);
    }

    /** Records continue the reported runs in an adopted sandbox: taken over where the runtime still has them. */
    static int takeOver(ContainerRuntime runtime, Pod pod, PodState state, Instant now) {
        int running = 0;
        for (ContainerRecord record : state.all()) {
            ContainerStatus status = statusOf(pod, record);
            ReportedRun reported = status == null ? null : reported(status);
            continueFrom(record, status, reported);
            Optional<ContainerHandle> adopted = runtime.adoptContainer(state.sandbox, pod, record.spec, reported);
            if (adopted.isPresent()) {
                ContainerHandle handle = adopted.get();
                boolean same = reported != null && handle.id().equals(reported.containerId());
                if (reported != null && !same) {
                    // a later run than the status knows of: the earlier agent restarted it, then died
                    record.restartCount++;
                    record.lastContainerId = reported.containerId();
                    record.lastTermination = reported.exit() != null ? reported.exit() : unknown(reported, now);
                }
                record.adopt(handle, same && reported.exit() != null);
                running += handle.exited().isDone() ? 0 : 1;
            } else if (reported != null) {
                record.adopt(ended(record.name(), reported, now), reported.exit() != null);
            }
        }
        return running;
    }

    /** A new sandbox for a pod whose runs were in an old one: those runs are gone (or ended as reported). */
    static void runsLost(Pod pod, PodState state, Instant now) {
        for (ContainerRecord record : state.all()) {
            ContainerStatus status = statusOf(pod, record);
            ReportedRun reported = status == null ? null : reported(status);
            continueFrom(record, status, reported);
            if (reported != null) {
                record.adopt(ended(record.name(), reported, now), reported.exit() != null);
            }
        }
    }

    /** The reported start time of the pod, or null. */
    static Instant startTime(Pod pod) {
        return pod.getStatus() == null ? null : parse(pod.getStatus().getStartTime());
    }

    /** lastState and a crash backoff under way, as the status shows them (restartCount is read by PodState). */
    private static void continueFrom(ContainerRecord record, ContainerStatus status, ReportedRun reported) {
        if (status == null) {
            return;
        }
        ContainerStateTerminated last = status.getLastState() == null ? null : status.getLastState().getTerminated();
        String lastId = last == null ? null : id(last.getContainerID());
        if (last != null && (reported == null || !Objects.equals(lastId, reported.containerId()))) {
            record.lastTermination = exit(last);
            record.lastContainerId = lastId;
        }
        if (status.getState() != null && status.getState().getWaiting() != null && reported != null
                && reported.exit() != null && "CrashLoopBackOff".equals(status.getState().getWaiting().getReason())) {
            Matcher m = BACKOFF.matcher(Objects.requireNonNullElse(status.getState().getWaiting().getMessage(), ""));
            if (m.find()) {
                record.backoff.resume(Duration.ofSeconds(Long.parseLong(m.group(1))), reported.exit().finishedAt());
            }
        }
    }

    /** The run the status shows as the container's current one, if any. */
    static ReportedRun reported(ContainerStatus status) {
        var state = status.getState();
        String id = id(status.getContainerID());
        if (state != null && state.getRunning() != null && id != null) {
            return new ReportedRun(id, parse(state.getRunning().getStartedAt()), null);
        }
        if (state != null && state.getTerminated() != null && id != null) {
            ContainerStateTerminated t = state.getTerminated();
            return new ReportedRun(id, parse(t.getStartedAt()), exit(t));
        }
        ContainerStateTerminated last = status.getLastState() == null ? null : status.getLastState().getTerminated();
        if (state != null && state.getWaiting() != null && "CrashLoopBackOff".equals(state.getWaiting().getReason())
                && last != null && id(last.getContainerID()) != null) {
            // waiting out a backoff: the current run is the one that exited, shown as lastState
            return new ReportedRun(id(last.getContainerID()), parse(last.getStartedAt()), exit(last));
        }
        return null;
    }

    private static ContainerHandle ended(String name, ReportedRun reported, Instant now) {
        ContainerHandle handle = new ContainerHandle(reported.containerId(), name);
        handle.markExited(reported.exit() != null ? reported.exit() : unknown(reported, now));
        return handle;
    }

    /** The kubelet's report of a container that vanished while it ran. */
    static ContainerExit unknown(ReportedRun reported, Instant now) {
        Instant started = reported.startedAt() != null ? reported.startedAt() : now;
        return new ContainerExit(137, STATUS_UNKNOWN, "The container could not be located when the agent restarted; "
                + "it used to be running", started, now);
    }

    private static ContainerExit exit(ContainerStateTerminated t) {
        int code = t.getExitCode() == null ? 0 : t.getExitCode();
        Instant started = parse(t.getStartedAt());
        Instant finished = parse(t.getFinishedAt());
        return new ContainerExit(code, t.getReason(), t.getMessage(), started, finished != null ? finished : started);
    }

    private static ContainerStateTerminated terminated(ContainerStateTerminated t) {
        return t != null && t.getContainerID() != null ? t : null;
    }

    private static ContainerStatus statusOf(Pod pod, ContainerRecord record) {
        List<ContainerStatus> list = record.init ? pod.getStatus().getInitContainerStatuses()
                : pod.getStatus().getContainerStatuses();
        return PodState.orEmpty(list).stream().filter(s -> record.name().equals(s.getName())).findFirst().orElse(null);
    }

    private static List<ContainerStatus> statuses(Pod pod) {
        List<ContainerStatus> all = new ArrayList<>(PodState.orEmpty(pod.getStatus().getInitContainerStatuses()));
        all.addAll(PodState.orEmpty(pod.getStatus().getContainerStatuses()));
        return all;
    }

    private static String id(String containerId) {
        if (containerId == null || containerId.isEmpty()) {
            return null;
        }
        int scheme = containerId.indexOf("://");
        return scheme < 0 ? containerId : containerId.substring(scheme + 3);
    }

    private static Instant parse(String time) {
        try {
            return time == null ? null : Instant.parse(time);
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
