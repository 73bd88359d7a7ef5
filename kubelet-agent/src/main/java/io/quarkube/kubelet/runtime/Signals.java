package io.quarkube.kubelet.runtime;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Signals by PID and start time (never a reused PID), and the processes of one container run as the agent kills
 * them. A run is its launch script (the supervisor, which must live to record the exit status) and the command's
 * session: the command is a session leader (setsid), so whatever it forks, even after re-parenting to init, stays
 * findable by session id. Without a PID namespace that is the closest to "every process of the container", and it
 * is looked up afresh at each signal, so a process forked after SIGTERM still gets the SIGKILL.
 */
final class Signals {

    private Signals() {
    }

    /** Sends SIGTERM (or SIGKILL when {@code force}) if that very process still runs. */
    static void send(long pid, long startTime, boolean force) {
        if (!ProcStat.isRunning(pid, startTime)) {
            return;
        }
        ProcessHandle.of(pid).ifPresent(h -> {
            if (force) {
                h.destroyForcibly();
            } else {
                h.destroy();
            }
        });
    }

    /** SIGTERM, SIGKILL after {@code graceMs}; returns once the process is gone (or after about a second more). */
    static void terminate(long pid, long startTime, long graceMs) {
        send(pid, startTime, false);
        if (!awaitGone(pid, startTime, graceMs)) {
            send(pid, startTime, true);
            awaitGone(pid, startTime, 1_000);
        }
    }

    static boolean awaitGone(long pid, long startTime, long waitMs) {
        long deadline = System.nanoTime() + waitMs * 1_000_000;
        while (ProcStat.isRunning(pid, startTime)) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return true;
    }

    /**
     * The live processes of a run: the command (once its PID is known), its session and descendants, and the
     * launch script's other descendants; the script itself only while the command's PID is unknown (it is still
     * launching, and what it started is in its session).
     */
    static List<ProcStat> runProcesses(long supervisorPid, long commandPid) {
        List<ProcStat> all = ProcStat.all();
        Map<Long, List<ProcStat>> children = new HashMap<>();
        for (ProcStat p : all) {
            children.computeIfAbsent(p.ppid(), k -> new ArrayList<>()).add(p);
        }
        Set<ProcStat> members = new LinkedHashSet<>();
        for (ProcStat p : all) {
            boolean inSession = p.session() == supervisorPid || (commandPid > 0 && p.session() == commandPid);
            if (inSession || p.pid() == commandPid) {
                members.add(p);
            }
        }
        List<ProcStat> roots = new ArrayList<>(members);
        all.stream().filter(p -> p.pid() == supervisorPid).forEach(roots::add);
        while (!roots.isEmpty()) {
            ProcStat p = roots.remove(roots.size() - 1);
            for (ProcStat child : children.getOrDefault(p.pid(), List.of())) {
                if (members.add(child)) {
                    roots.add(child);
                }
            }
        }
        if (commandPid > 0) {
            members.removeIf(p -> p.pid() == supervisorPid);
        }
        members.removeIf(p -> !p.alive() || p.pid() == ProcessHandle.current().pid());
        return new ArrayList<>(members);
    }

    static void signalAll(List<ProcStat> processes, boolean force) {
        for (ProcStat p : processes) {
            send(p.pid(), p.startTime(), force);
        }
    }
}
