package io.quarkube.kubelet.runtime;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.List;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * The files of one container run in the pod's run dir, all named after the run id: the launch script, the error
 * it may leave, the command's PID (written once the mounts are done, so it also says "ready"), the exit code the
 * script records, the raw stdout and stderr the command appends to, and how far the agent has copied those into
 * the CRI log. Everything a later agent needs to take the run over is on disk, none of it in a pipe.
 */
record LaunchFiles(Path script, Path error, Path pid, Path exit, Path stdout, Path stderr, Path offsets) {

    static LaunchFiles in(Path runDir, String id) {
        return new LaunchFiles(runDir.resolve(id + ".sh"), runDir.resolve(id + ".error"), runDir.resolve(id + ".pid"),
                runDir.resolve(id + ".exit"), runDir.resolve(id + ".out"), runDir.resolve(id + ".err"),
                runDir.resolve(id + ".offsets"));
    }

    /** The command's PID once the launcher has written it (mounts done, about to exec). */
    OptionalLong commandPid() {
        return readLong(pid);
    }

    /** The exit code the launch script recorded, if the command ran and ended. */
    OptionalInt exitCode() {
        OptionalLong code = readLong(exit);
        return code.isPresent() ? OptionalInt.of((int) code.getAsLong()) : OptionalInt.empty();
    }

    /**
     * How the run ended once its launch script is gone: the code it recorded; else the reason a launcher that failed
     * before the exec left (a StartError); else {@code fallbackCode} (the script's own exit status when the agent
     * started it, or 137 when it was killed without trace).
     */
    ContainerExit exit(int fallbackCode, Instant startedAt, Instant now) {
        OptionalInt recorded = exitCode();
        if (recorded.isPresent()) {
            return ContainerExit.of(recorded.getAsInt(), startedAt, now);
        }
        return notRecorded(fallbackCode, startedAt, now);
    }

    /** As {@link #exit}, but ended when the exit file was written (a run that ended while no agent watched it). */
    ContainerExit exitWhileAway(Instant startedAt, Instant now) {
        OptionalInt recorded = exitCode();
        if (recorded.isPresent()) {
            Instant at = now;
            try {
                at = Files.getLastModifiedTime(exit).toInstant();
            } catch (IOException e) {
                // now, then
            }
            return ContainerExit.of(recorded.getAsInt(), startedAt, at);
        }
        return notRecorded(137, startedAt, now);
    }

    private ContainerExit notRecorded(int fallbackCode, Instant startedAt, Instant now) {
        if (Files.exists(error)) {
            try {
                return ContainerExit.startError(Files.readString(error).strip(), startedAt);
            } catch (IOException e) {
                return ContainerExit.startError("the launcher failed", startedAt);
            }
        }
        return ContainerExit.of(fallbackCode, startedAt, now);
    }

    /** Bytes of stdout and stderr already in the CRI log; zeros when nothing was copied yet. */
    long[] readOffsets() {
        try {
            String[] parts = Files.readString(offsets).trim().split(" ");
            return new long[]{Long.parseLong(parts[0]), Long.parseLong(parts[1])};
        } catch (IOException | RuntimeException e) {
            return new long[]{0, 0};
        }
    }

    /** Written after the log lines they cover: a crash in between repeats a few lines, it never loses any. */
    void writeOffsets(long stdoutOffset, long stderrOffset) {
        Path tmp = offsets.resolveSibling(offsets.getFileName() + ".tmp");
        try {
            Files.writeString(tmp, stdoutOffset + " " + stderrOffset + "\n", StandardCharsets.US_ASCII);
            Files.move(tmp, offsets, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            // the pod dir is gone (removed sandbox): nothing left to resume
        }
    }

    void delete() {
        for (Path p : List.of(script, error, pid, exit, stdout, stderr, offsets)) {
            try {
                Files.deleteIfExists(p);
            } catch (IOException ignored) {
                // the pod dir goes with the sandbox anyway
            }
        }
    }

    private static OptionalLong readLong(Path file) {
        try {
            String text = Files.readString(file).trim();
            return text.isEmpty() ? OptionalLong.empty() : OptionalLong.of(Long.parseLong(text));
        } catch (IOException | NumberFormatException e) {
            return OptionalLong.empty(); // not written yet (or being written)
        }
    }
}
