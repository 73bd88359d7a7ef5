package io.quarkube.launcher;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import javax.net.ssl.SSLContext;

import io.quarkube.infra.Processes;
import io.quarkube.infra.StartupException;

/**
 * One service JVM ({@code java -jar <module>/target/quarkus-app/quarkus-run.jar}), logging to a file. A service
 * given a TLS context serves HTTPS only; its readiness is polled over HTTPS, trusting that context's CA.
 */
final class ServiceProcess {
    final Service service;
    final int port;
    final Path jar;
    final Path log;
    private final Path workDir;
    private final int heapMb;
    private final Map<String, String> env;
    private final boolean tls;
    private final HttpClient http;
    private volatile Process process;

    ServiceProcess(Service service, int port, Path jar, Path log, Path workDir, int heapMb, Map<String, String> env,
            SSLContext tls) {
        this.service = service;
        this.port = port;
        this.jar = jar;
        this.log = log;
        this.workDir = workDir;
        this.heapMb = heapMb;
        this.env = env;
        this.tls = tls != null;
        HttpClient.Builder b = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2));
        this.http = (tls == null ? b : b.sslContext(tls)).build();
    }

    /** Launches the JVM; does not wait. A first start truncates the log, a restart appends to it. */
    void launch(boolean truncateLog) {
        List<String> cmd = Processes.inOwnSession(
                List.of(Processes.javaBin(), "-Xmx" + heapMb + "m", "-jar", jar.toString()));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(workDir.toFile()).redirectErrorStream(true)
                .redirectOutput(truncateLog ? ProcessBuilder.Redirect.to(log.toFile())
                        : ProcessBuilder.Redirect.appendTo(log.toFile()));
        pb.environment().putAll(env);
        try {
            Files.createDirectories(log.getParent());
            if (!truncateLog) {
                Files.writeString(log, "\n===== quarkube: restarting " + service + " =====\n",
                        StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.CREATE,
                        java.nio.file.StandardOpenOption.APPEND);
            }
            process = pb.start();
        } catch (IOException e) {
            throw new StartupException("cannot start the " + service + " (" + String.join(" ", cmd) + "): "
                    + e.getMessage(), e);
        }
    }

    /** Polls /q/health/ready every 250 ms until it answers 200; fails fast if the JVM exits. */
    void awaitReady(Duration timeout, BooleanSupplier cancelled) {
        URI uri = URI.create(url() + "/q/health/ready");
        long deadline = System.nanoTime() + timeout.toNanos();
        String lastAnswer = "no answer";
        while (true) {
            if (cancelled.getAsBoolean()) {
                throw new StartupException("startup cancelled");
            }
            Process p = process;
            if (!p.isAlive()) {
                throw new StartupException("the " + service + " exited during startup (exit code " + p.exitValue()
                        + "): see " + log, lastLines(), null);
            }
            try {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(2)).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) {
                    return;
                }
                lastAnswer = "HTTP " + r.statusCode() + downChecks(r.body());
            } catch (IOException e) {
                lastAnswer = e.toString();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new StartupException("interrupted while waiting for the " + service);
            }
            if (System.nanoTime() > deadline) {
                throw new StartupException("the " + service + " was not ready within " + timeout.toSeconds()
                        + " s (last answer of " + uri + ": " + abbreviate(lastAnswer) + "): see " + log,
                        lastLines(), null);
            }
            try {
                Thread.sleep(250);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new StartupException("interrupted while waiting for the " + service);
            }
        }
    }

    /** SIGTERM, wait up to {@code grace}, then SIGKILL. Returns true if it had to kill. */
    boolean stop(Duration grace) {
        Process p = process;
        if (p == null || !p.isAlive()) {
            return false;
        }
        p.destroy();
        try {
            if (p.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                return false;
            }
            p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        return true;
    }

    /** SIGKILL, as a crash would. */
    void kill() {
        Process p = process;
        if (p != null && p.isAlive()) {
            p.destroyForcibly();
            try {
                p.waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    boolean alive() {
        Process p = process;
        return p != null && p.isAlive();
    }

    long pid() {
        Process p = process;
        return p == null ? -1 : p.pid();
    }

    /** Exit code if it has exited, else null. */
    Integer exitCode() {
        Process p = process;
        return p == null || p.isAlive() ? null : p.exitValue();
    }

    String url() {
        return (tls ? "https" : "http") + "://127.0.0.1:" + port;
    }

    String lastLines() {
        return Processes.tail(log, 20);
    }

    /** " (DOWN: a, b)" from a SmallRye Health answer, so the reason fits on the error line. */
    static String downChecks(String healthJson) {
        var m = java.util.regex.Pattern.compile("\"name\"\\s*:\\s*\"([^\"]+)\"\\s*,\\s*\"status\"\\s*:\\s*\"DOWN\"")
                .matcher(healthJson);
        List<String> down = new java.util.ArrayList<>();
        while (m.find()) {
            down.add(m.group(1));
        }
        return down.isEmpty() ? "" : " (DOWN: " + String.join(", ", down) + ")";
    }

    private static String abbreviate(String s) {
        return s.length() > 200 ? s.substring(0, 200) + "..." : s;
    }
}
