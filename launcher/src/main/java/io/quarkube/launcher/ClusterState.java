package io.quarkube.launcher;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

import io.quarkube.infra.Certificates;
import io.quarkube.infra.KafkaBroker;
import io.quarkube.infra.PostgresServer;
import io.quarkube.infra.Processes;

/**
 * {@code <data>/cluster.pid}: the launcher's PID and its children's, one {@code name pid [port]} per line.
 * {@code down} and {@code status} work from it, also when the launcher itself was killed.
 */
public final class ClusterState {
    public static final String FILE = "cluster.pid";
    static final String LAUNCHER = "launcher";
    static final String POSTGRES = "postgres";
    static final String KAFKA = "kafka";

    record Entry(String name, long pid, int port) {
        String line() {
            return name + " " + pid + (port > 0 ? " " + port : "");
        }
    }

    private ClusterState() {
    }

    static void write(Path dataDir, List<Entry> entries) {
        StringBuilder sb = new StringBuilder();
        entries.forEach(e -> sb.append(e.line()).append('\n'));
        try {
            Path tmp = dataDir.resolve(FILE + ".tmp");
            Files.writeString(tmp, sb, StandardCharsets.UTF_8);
            Files.move(tmp, dataDir.resolve(FILE), java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                    java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("cannot write " + dataDir.resolve(FILE), e);
        }
    }

    static List<Entry> read(Path dataDir) {
        List<Entry> entries = new ArrayList<>();
        try {
            for (String line : Files.readAllLines(dataDir.resolve(FILE), StandardCharsets.UTF_8)) {
                String[] f = line.trim().split("\\s+");
                if (f.length >= 2) {
                    entries.add(new Entry(f[0], Long.parseLong(f[1]), f.length > 2 ? Integer.parseInt(f[2]) : 0));
                }
            }
        } catch (IOException | NumberFormatException e) {
            // no file or a damaged one: nothing recorded
        }
        return entries;
    }

    static void delete(Path dataDir) {
        try {
            Files.deleteIfExists(dataDir.resolve(FILE));
        } catch (IOException ignored) {
            // a stale file is handled by the next start
        }
    }

    /** The live launcher recorded in the data dir, other than this JVM. */
    static Optional<Entry> runningLauncher(Path dataDir) {
        return read(dataDir).stream()
                .filter(e -> e.name.equals(LAUNCHER) && e.pid != ProcessHandle.current().pid()
                        && Processes.alive(e.pid) && looksLike(e))
                .findFirst();
    }

    /**
     * Stops what a dead launcher left behind: recorded services, then the broker and the postmaster found by
     * their own pid files. Returns how many processes it stopped.
     */
    static int stopLeftovers(Path dataDir, Consumer<String> out) {
        int stopped = 0;
        List<Entry> entries = read(dataDir);
        for (int i = entries.size() - 1; i >= 0; i--) { // reverse start order
            Entry e = entries.get(i);
            if (e.name.equals(LAUNCHER) || e.name.equals(POSTGRES) || e.name.equals(KAFKA)) {
                continue; // brokers and postmasters are found by their data dirs below
            }
            if (Processes.alive(e.pid) && looksLike(e)) {
                out.accept("stopping leftover " + e.name + " (pid " + e.pid + ")");
                Processes.stop(e.pid, "TERM", Duration.ofSeconds(15));
                stopped++;
            }
        }
        if (KafkaBroker.stopOrphan(dataDir.resolve("kafka"))) {
            out.accept("stopped a leftover Kafka broker");
            stopped++;
        }
        if (PostgresServer.stopOrphan(dataDir.resolve("postgres"))) {
            out.accept("stopped a leftover PostgreSQL");
            stopped++;
        }
        delete(dataDir);
        return stopped;
    }

    /** {@code ./quarkube down}: SIGTERM the launcher and wait; then make sure nothing it started is left. */
    public static int down(Path dataDir, Consumer<String> out) {
        long t0 = System.nanoTime();
        Optional<Entry> launcher = runningLauncher(dataDir);
        if (launcher.isPresent()) {
            long pid = launcher.get().pid;
            out.accept("stopping quarkube (launcher pid " + pid + ")...");
            Processes.signal(pid, "TERM");
            // Its shutdown hook stops up to 4 services, the broker and PostgreSQL, each with a 15 s grace.
            if (!Processes.awaitExit(pid, Duration.ofSeconds(120))) {
                out.accept("the launcher did not stop within 120 s: killing it");
                Processes.signal(pid, "KILL");
                Processes.awaitExit(pid, Duration.ofSeconds(5));
            }
        }
        int leftovers = stopLeftovers(dataDir, out);
        if (launcher.isEmpty() && leftovers == 0) {
            out.accept("quarkube is not running");
        } else {
            out.accept(String.format("quarkube stopped (%.1fs)", (System.nanoTime() - t0) / 1e9));
        }
        return 0;
    }

    /** {@code ./quarkube status}: 0 if running, 3 if not (as LSB init scripts do). */
    public static int status(Path dataDir, Consumer<String> out) {
        Optional<Entry> launcher = runningLauncher(dataDir);
        if (launcher.isEmpty()) {
            boolean leftovers = read(dataDir).stream().anyMatch(e -> Processes.alive(e.pid) && looksLike(e))
                    || Processes.readPidFile(dataDir.resolve("postgres/postmaster.pid")).stream()
                            .anyMatch(Processes::alive)
                    || Processes.readPidFile(dataDir.resolve("kafka/broker.pid")).stream().anyMatch(Processes::alive);
            out.accept("quarkube is not running" + (leftovers
                    ? " (but processes of an earlier run are left: ./quarkube down stops them)" : ""));
            return 3;
        }
        out.accept("quarkube is running (launcher pid " + launcher.get().pid + ", data: " + dataDir + ")");
        for (Entry e : read(dataDir)) {
            if (e.name.equals(LAUNCHER)) {
                continue;
            }
            String state;
            if (!Processes.alive(e.pid)) {
                state = "NOT RUNNING";
            } else if (e.name.equals(POSTGRES) || e.name.equals(KAFKA)) {
                state = portOpen(e.port) ? "up" : "not answering";
            } else {
                state = ready(dataDir, e);
            }
            out.accept(String.format("  %-20s pid %-8d 127.0.0.1:%-6d %s", e.name, e.pid, e.port, state));
        }
        Path kubeconfig = dataDir.resolve("kubeconfig");
        if (Files.exists(kubeconfig)) {
            out.accept("export KUBECONFIG=" + kubeconfig);
        }
        return 0;
    }

    /** Guards against a PID reused by an unrelated process since the file was written. */
    private static boolean looksLike(Entry e) {
        String cmd = Processes.commandLine(e.pid).orElse(null);
        if (cmd == null) {
            return true; // the OS does not tell: trust the file
        }
        return switch (e.name) {
            case LAUNCHER -> cmd.contains("io.quarkube.launcher") || cmd.contains("java");
            case POSTGRES -> cmd.contains("postgres");
            case KAFKA -> cmd.contains("kafka.Kafka");
            default -> cmd.contains("quarkus-run.jar");
        };
    }

    private static boolean portOpen(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 1000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** The api-server answers HTTPS only, with a certificate of the cluster CA; the others plain HTTP. */
    private static String ready(Path dataDir, Entry e) {
        boolean tls = e.name.equals(Service.API_SERVER.id);
        try {
            HttpClient.Builder b = HttpClient.newBuilder();
            if (tls) {
                b.sslContext(Certificates.trusting(ClusterPki.in(dataDir).caCert()));
            }
            HttpResponse<Void> r = b.build().send(HttpRequest.newBuilder(URI.create((tls ? "https" : "http")
                            + "://127.0.0.1:" + e.port + "/q/health/ready")).timeout(Duration.ofSeconds(2)).build(),
                    HttpResponse.BodyHandlers.discarding());
            return r.statusCode() == 200 ? "ready" : "NOT READY (" + r.statusCode() + ")";
        } catch (IOException ex) {
            return "NOT ANSWERING";
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            return "?";
        }
    }
}
