package io.quarkube.loadtest;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Resident memory and CPU time of a process (and its children) from /proc; 0 where /proc cannot tell. */
final class ProcStats {
    /** USER_HZ: the unit of utime/stime in /proc/<pid>/stat (100 on Linux everywhere in practice). */
    private static final double TICKS_PER_SECOND = 100.0;

    private ProcStats() {
    }

    /** VmRSS in bytes. */
    static long rssBytes(long pid) {
        return statusKb(pid, "VmRSS:") * 1024;
    }

    /** VmHWM (the peak RSS so far) in bytes. */
    static long peakRssBytes(long pid) {
        return statusKb(pid, "VmHWM:") * 1024;
    }

    /** utime + stime of the process, and of its live descendants (PostgreSQL's backends) if asked, in seconds. */
    static double cpuSeconds(long pid, boolean withDescendants) {
        if (pid <= 0) {
            return 0;
        }
        double total = ownCpuSeconds(pid);
        var handle = ProcessHandle.of(pid);
        if (withDescendants && handle.isPresent()) {
            total += handle.get().descendants().mapToDouble(p -> ownCpuSeconds(p.pid())).sum();
        }
        return total;
    }

    private static double ownCpuSeconds(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            // the command name (field 2) may hold spaces: fields are counted after its closing parenthesis
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return (Long.parseLong(f[11]) + Long.parseLong(f[12])) / TICKS_PER_SECOND; // fields 14 and 15
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    private static long statusKb(long pid, String key) {
        if (pid <= 0) {
            return 0;
        }
        try {
            List<String> lines = Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"));
            for (String line : lines) {
                if (line.startsWith(key)) {
                    return Long.parseLong(line.substring(key.length()).trim().split("\\s+")[0]);
                }
            }
        } catch (IOException | RuntimeException e) {
            // gone, or not Linux
        }
        return 0;
    }
}
