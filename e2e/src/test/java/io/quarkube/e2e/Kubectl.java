package io.quarkube.e2e;

import io.quarkube.launcher.LocalCluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The real kubectl on the PATH, pointed at the test cluster through the kubeconfig the launcher wrote. */
final class Kubectl {
    record Result(int exitCode, String out, String err) {
        boolean ok() {
            return exitCode == 0;
        }

        @Override
        public String toString() {
            return "exit " + exitCode + "\nstdout:\n" + out + "\nstderr:\n" + err;
        }
    }

    private final LocalCluster cluster;
    private final Path cacheDir;

    Kubectl(LocalCluster cluster) {
        this.cluster = cluster;
        try {
            this.cacheDir = Files.createTempDirectory(Files.createDirectories(Path.of("target")), "kubectl-cache-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static boolean available() {
        try {
            return new ProcessBuilder("kubectl", "version", "--client").redirectErrorStream(true).start()
                    .waitFor(30, TimeUnit.SECONDS);
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    Result run(String... args) {
        return run(60, args);
    }

    Result run(int timeoutSeconds, String... args) {
        List<String> command = new ArrayList<>(List.of("kubectl", "--kubeconfig", cluster.kubeconfigPath().toString(),
                "--cache-dir", cacheDir.toString(), "--request-timeout=30s"));
        command.addAll(List.of(args));
        try {
            Path out = Files.createTempFile(cacheDir, "out", ".txt");
            Path err = Files.createTempFile(cacheDir, "err", ".txt");
            Process p = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
            return new Result(p.isAlive() ? -1 : p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Starts a long-running kubectl (get -w); the caller reads its output file and stops it. */
    Process start(Path output, String... args) {
        List<String> command = new ArrayList<>(List.of("kubectl", "--kubeconfig", cluster.kubeconfigPath().toString(),
                "--cache-dir", cacheDir.toString()));
        command.addAll(List.of(args));
        try {
            return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile()).start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
