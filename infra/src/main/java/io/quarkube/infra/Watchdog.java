package io.quarkube.infra;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * Kills watched processes when this JVM dies, even by kill -9 or a surefire fork crash (shutdown hooks do not
 * run then). A tiny {@code sh} child reads commands from a pipe that only this JVM holds; end of input means the
 * JVM is gone, so it signals every watched PID, waits 5 s and SIGKILLs what is left. {@link #close()} disarms it.
 */
public final class Watchdog implements AutoCloseable {
    // INT and HUP are ignored so Ctrl-C / closing the terminal cannot kill the watchdog before the JVM.
    private static final String SCRIPT = String.join("\n",
            "trap '' INT HUP",
            "set --",
            "while read -r cmd arg; do",
            "  case \"$cmd\" in",
            "    watch) set -- \"$@\" \"$arg\" ;;",
            "    unwatch) for e in \"$@\"; do shift; [ \"${e#*:}\" = \"$arg\" ] || set -- \"$@\" \"$e\"; done ;;",
            "    disarm) exit 0 ;;",
            "  esac",
            "done",
            "[ $# -eq 0 ] && exit 0",
            "for e in \"$@\"; do kill -\"${e%%:*}\" \"${e#*:}\"; done 2>/dev/null",
            "for i in 1 2 3 4 5 6 7 8 9 10; do",
            "  alive=0; for e in \"$@\"; do kill -0 \"${e#*:}\" 2>/dev/null && alive=1; done",
            "  [ $alive -eq 0 ] && exit 0",
            "  sleep 0.5",
            "done",
            "for e in \"$@\"; do kill -KILL \"${e#*:}\"; done 2>/dev/null",
            "");

    private final Process process;
    private final OutputStream commands;

    private Watchdog(Process process) {
        this.process = process;
        this.commands = process.getOutputStream();
    }

    public static Watchdog start() {
        try {
            Process p = new ProcessBuilder("sh", "-c", SCRIPT)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectError(ProcessBuilder.Redirect.DISCARD)
                    .start();
            return new Watchdog(p);
        } catch (IOException e) {
            throw new StartupException("cannot start the process watchdog (sh): " + e.getMessage(), e);
        }
    }

    /** SIGTERM the PID when this JVM dies. */
    public void watch(long pid) {
        watch(pid, "TERM");
    }

    /** Send {@code signal} (e.g. INT for a PostgreSQL fast shutdown) to the PID when this JVM dies. */
    public void watch(long pid, String signal) {
        send("watch " + signal + ":" + pid);
    }

    /** Stop watching a PID (it was stopped on purpose; its number may be reused). */
    public void unwatch(long pid) {
        send("unwatch " + pid);
    }

    public long pid() {
        return process.pid();
    }

    /** Disarm: the watchdog exits without signalling anything. */
    @Override
    public synchronized void close() {
        if (process.isAlive()) {
            try {
                send("disarm");
                commands.close();
            } catch (RuntimeException | IOException ignored) {
                // already gone
            }
        }
    }

    /** Acts as if this JVM died: signals every watched PID. For tests. */
    synchronized void trigger() throws IOException {
        commands.close();
    }

    private synchronized void send(String line) {
        try {
            commands.write((line + "\n").getBytes(StandardCharsets.US_ASCII));
            commands.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("the process watchdog is gone", e);
        }
    }
}
