package io.quarkube.kubelet.runtime;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * CRI's ExecSync for the process runtime: a command run where the container runs, with its environment and working
 * directory. With namespaces it joins the container's mount namespace and the pod's other namespaces (a simulated
 * container has no process to join: the command gets a mount view of its own, built by the same launcher). Without
 * them it runs on the host with the container's path mapping. Output is stdout and stderr together.
 */
final class ContainerExec {
    /** How long an exec waits for a container that has just started to finish its mounts. */
    private static final long READY_WAIT_MS = 2_000;

    private final PodNamespaces namespaces; // null without namespaces
    private final ContainerLauncher launcher;
    private final PodDirs dirs;

    ContainerExec(PodNamespaces namespaces, ContainerLauncher launcher, PodDirs dirs) {
        this.namespaces = namespaces;
        this.launcher = launcher;
        this.dirs = dirs;
    }

    ExecResult run(ContainerRun run, List<String> command, Duration timeout) {
        if (command.isEmpty()) {
            return new ExecResult(126, "no command to exec", false);
        }
        LaunchFiles adHoc = null;
        try {
            ProcessBuilder builder;
            Map<String, String> env = run.env();
            if (namespaces == null) {
                PathMapping mapping = new PathMapping(run.mounts());
                builder = new ProcessBuilder(command.stream().map(mapping::apply).toList())
                        .directory(Files.createDirectories(Path.of(mapping.apply(run.workingDir()))).toFile());
                env = mapping.apply(env);
            } else {
                PodHolder holder = namespaces.holder(run.sandbox().uid()).orElse(null);
                if (holder == null) {
                    return new ExecResult(126, "the pod sandbox is not running", false);
                }
                if (!run.simulated()) {
                    // the pid file is written once the launcher's mounts are done
                    if (!awaitReady(run.files().pid(), Math.min(READY_WAIT_MS, timeout.toMillis()))) {
                        return new ExecResult(126, "container " + run.handle().containerName() + " is starting", false);
                    }
                    builder = new ProcessBuilder(launcher.execIn(holder, run.pid(), run.workingDir(), command));
                } else {
                    adHoc = LaunchFiles.in(dirs.runDir(run.sandbox().uid()), "exec-" + UUID.randomUUID());
                    builder = new ProcessBuilder(launcher.prepare(holder, adHoc, run.mounts(), run.workingDir(), command));
                }
                builder.directory(run.sandbox().dir().toFile());
            }
            builder.redirectErrorStream(true).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
            builder.environment().clear();
            builder.environment().putAll(env);
            return runToEnd(builder, timeout);
        } catch (IOException e) {
            return new ExecResult(127, e.getMessage(), false);
        } finally {
            if (adHoc != null) {
                adHoc.delete();
            }
        }
    }

    private static boolean awaitReady(Path ready, long waitMs) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(waitMs);
        while (!Files.exists(ready)) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return true;
    }

    private static ExecResult runToEnd(ProcessBuilder builder, Duration timeout) throws IOException {
        Process process = builder.start();
        CompletableFuture<String> output = CompletableFuture.supplyAsync(() -> {
            try {
                return new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                return "";
            }
        });
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                return ExecResult.timeout(output.getNow(""));
            }
            // a child that keeps the pipe open must not hold the probe: output is best effort
            return new ExecResult(process.exitValue(), output.completeOnTimeout("", 1, TimeUnit.SECONDS).join(), false);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            return new ExecResult(126, "interrupted", false);
        }
    }
}
