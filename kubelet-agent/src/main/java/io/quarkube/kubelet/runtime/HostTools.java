package io.quarkube.kubelet.runtime;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The host programs the sandbox is built with, by absolute path (a container's own PATH must not change which
 * {@code mount} or {@code nsenter} its launcher runs), and a way to run one to completion.
 */
record HostTools(String sh, String unshare, String nsenter, String ip, String mount, String mkdir, String chown,
                 String setsid, String sleep) {
    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(10);

    /** The tools, from the host PATH plus the sbin directories; an IOException names the first one missing. */
    static HostTools find() throws IOException {
        return new HostTools(which("sh"), which("unshare"), which("nsenter"), which("ip"), which("mount"),
                which("mkdir"), which("chown"), which("setsid"), which("sleep"));
    }

    static String which(String name) throws IOException {
        return lookup(name).orElseThrow(() -> new IOException(name + " not found"));
    }

    private static Optional<String> lookup(String name) {
        Set<String> dirs = new LinkedHashSet<>(List.of(System.getenv().getOrDefault("PATH", "").split(":")));
        dirs.addAll(List.of("/usr/sbin", "/sbin", "/usr/bin", "/bin"));
        for (String dir : dirs) {
            if (!dir.isEmpty()) {
                Path candidate = Path.of(dir, name);
                if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                    return Optional.of(candidate.toString());
                }
            }
        }
        return Optional.empty();
    }

    /** Runs a host command to completion; a non-zero exit is an IOException carrying its output. */
    static String run(String... command) throws IOException {
        return run(List.of(command));
    }

    static String run(List<String> command) throws IOException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
        CompletableFuture<String> output = CompletableFuture.supplyAsync(() -> {
            try {
                return new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            } catch (IOException e) {
                return "";
            }
        });
        try {
            if (!process.waitFor(COMMAND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new IOException(String.join(" ", command) + ": timed out");
            }
            String out = output.completeOnTimeout("", 1, TimeUnit.SECONDS).join();
            if (process.exitValue() != 0) {
                throw new IOException(String.join(" ", shortNames(command)) + ": " + out);
            }
            return out;
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    private static List<String> shortNames(List<String> command) {
        List<String> out = new ArrayList<>(command);
        out.set(0, Path.of(command.get(0)).getFileName().toString());
        return out;
    }
}
