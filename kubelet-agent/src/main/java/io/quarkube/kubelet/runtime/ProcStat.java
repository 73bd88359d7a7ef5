package io.quarkube.kubelet.runtime;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One line of {@code /proc/<pid>/stat}: what the runtime needs to find a container's processes and to tell a
 * process from a later one that reuses its PID (the start time, in clock ticks since boot, differs). A zombie
 * counts as gone: its parent may be an init that never reaps, and nothing of it runs any more.
 */
record ProcStat(long pid, char state, long ppid, long session, long startTime) {
    private static final Path PROC = Path.of("/proc");

    static Optional<ProcStat> of(long pid) {
        try {
            return Optional.ofNullable(parse(pid, Files.readString(PROC.resolve(Long.toString(pid)).resolve("stat"))));
        } catch (IOException | RuntimeException e) {
            return Optional.empty(); // gone (or never was)
        }
    }

    /** Every process on the host, as far as it could be read. */
    static List<ProcStat> all() {
        List<ProcStat> all = new ArrayList<>();
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(PROC, p -> p.getFileName().toString().matches("\\d+"))) {
            for (Path dir : dirs) {
                of(Long.parseLong(dir.getFileName().toString())).ifPresent(all::add);
            }
        } catch (IOException e) {
            // /proc always lists; a failure leaves what was read
        }
        return all;
    }

    /** The process with this PID runs and is the one that started at {@code startTime}. */
    static boolean isRunning(long pid, long startTime) {
        return pid > 0 && of(pid).filter(p -> p.startTime == startTime && p.alive()).isPresent();
    }

    /** The start time of a running process (0 when it is gone). */
    static long startTimeOf(long pid) {
        return of(pid).filter(ProcStat::alive).map(ProcStat::startTime).orElse(0L);
    }

    boolean alive() {
        return state != 'Z' && state != 'X' && state != 'x';
    }

    static ProcStat parse(long pid, String stat) {
        int end = stat.lastIndexOf(')'); // the command name may hold spaces and parentheses
        String[] f = stat.substring(end + 2).trim().split(" ");
        return new ProcStat(pid, f[0].charAt(0), Long.parseLong(f[1]), Long.parseLong(f[3]), Long.parseLong(f[19]));
    }
}
