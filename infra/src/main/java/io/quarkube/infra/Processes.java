package io.quarkube.infra;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/** Small process helpers that work on PIDs, including processes this JVM did not start. */
public final class Processes {
    private Processes() {
    }

    /** Alive and not a zombie (an unreaped dead process still has a PID). */
    public static boolean alive(long pid) {
        if (pid <= 0 || !ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
            return false;
        }
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            int close = stat.lastIndexOf(')');
            return close < 0 || close + 2 >= stat.length() || stat.charAt(close + 2) != 'Z';
        } catch (IOException e) {
            return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
        }
    }

    /** The command line of a live process, if the OS tells us. */
    public static Optional<String> commandLine(long pid) {
        try {
            // ProcessHandle.Info cuts the command line at 4 KB: a broker's classpath is longer than that.
            byte[] raw = Files.readAllBytes(Path.of("/proc/" + pid + "/cmdline"));
            if (raw.length > 0) {
                return Optional.of(new String(raw, StandardCharsets.UTF_8).replace('\0', ' ').trim());
            }
        } catch (IOException e) {
            // not Linux, or the process is gone
        }
        return ProcessHandle.of(pid).flatMap(h -> h.info().commandLine());
    }

    /** Sends a signal by name (TERM, INT, KILL) with kill(1): Java can only send TERM and KILL. */
    public static void signal(long pid, String signal) {
        if (pid <= 0) {
            return;
        }
        try {
            new ProcessBuilder("kill", "-" + signal, Long.toString(pid))
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start().waitFor();
        } catch (IOException e) {
            throw new IllegalStateException("cannot run kill: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Waits until the process is gone; true if it is. */
    public static boolean awaitExit(long pid, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (alive(pid)) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return !alive(pid);
            }
        }
        return true;
    }

    /** Sends {@code signal}, waits up to {@code grace}, then SIGKILL. Returns true if it had to kill. */
    public static boolean stop(long pid, String signal, Duration grace) {
        if (!alive(pid)) {
            return false;
        }
        signal(pid, signal);
        if (awaitExit(pid, grace)) {
            return false;
        }
        signal(pid, "KILL");
        awaitExit(pid, Duration.ofSeconds(5));
        return true;
    }

    /** First line of a pid file as a number (postmaster.pid, broker.pid), if present. */
    public static OptionalLong readPidFile(Path file) {
        try {
            String first = Files.readAllLines(file, StandardCharsets.UTF_8).stream().findFirst().orElse("").trim();
            return first.isEmpty() ? OptionalLong.empty() : OptionalLong.of(Long.parseLong(first));
        } catch (IOException | NumberFormatException e) {
            return OptionalLong.empty();
        }
    }

    /** The last {@code n} lines of a text file ("" if it does not exist). */
    public static String tail(Path file, int n) {
        if (!Files.isReadable(file)) {
            return "";
        }
        Deque<String> last = new ArrayDeque<>(n);
        try (var lines = Files.lines(file, StandardCharsets.UTF_8)) {
            lines.forEach(l -> {
                if (last.size() == n) {
                    last.removeFirst();
                }
                last.addLast(l);
            });
        } catch (Exception e) { // malformed input or a vanished file: a tail is best effort
            return "";
        }
        return String.join(System.lineSeparator(), last);
    }

    /**
     * Prefixes {@code setsid} (when there is one) so the child gets its own session: Ctrl-C in the terminal then
     * reaches only our JVM, which stops its children in order. setsid execs in place (same PID) because a child
     * started by Java is never a process-group leader.
     */
    public static List<String> inOwnSession(List<String> command) {
        List<String> cmd = new ArrayList<>();
        for (String dir : List.of("/usr/bin/setsid", "/bin/setsid")) {
            if (Files.isExecutable(Path.of(dir))) {
                cmd.add(dir);
                break;
            }
        }
        cmd.addAll(command);
        return cmd;
    }

    /** The java launcher of the running JVM, so children run on the same JDK. */
    public static String javaBin() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }
}
