package io.quarkube.infra;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real single-node KRaft Kafka broker (4.4.0 from the kafka-broker module) running as a child JVM. Layout of
 * the data dir: server.properties, log4j2.properties, broker.log, broker.pid and data/ (the Kafka logs).
 */
public final class KafkaBroker implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(KafkaBroker.class);
    /** Base64 of the 16 bytes "quarkube-cluster": a fixed id saves a JVM run of "random-uuid". */
    static final String CLUSTER_ID = "cXVhcmt1YmUtY2x1c3Rlcg";
    private static final List<String> JVM_FLAGS = List.of("-Xmx256m", "-XX:+UseSerialGC",
            "-XX:TieredStopAtLevel=1", "-Djava.awt.headless=true");

    private final Process process;
    private final Path dataDir;
    private final int port;

    private KafkaBroker(Process process, Path dataDir, int port) {
        this.process = process;
        this.dataDir = dataDir;
        this.port = port;
    }

    public static KafkaBroker start(Path dataDir, int port, int controllerPort, Duration timeout) {
        dataDir = dataDir.toAbsolutePath();
        Path log = dataDir.resolve("broker.log");
        try {
            Files.createDirectories(dataDir);
            stopOrphan(dataDir);
            Path config = writeConfig(dataDir, port, controllerPort);
            String classpath = classpath();
            if (!Files.exists(dataDir.resolve("data").resolve("meta.properties"))) {
                format(dataDir, config, classpath, log, timeout);
            }
            List<String> cmd = Processes.inOwnSession(command(dataDir, classpath, "kafka.Kafka", config.toString()));
            Process p = new ProcessBuilder(cmd).directory(dataDir.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .start();
            Files.writeString(dataDir.resolve("broker.pid"), p.pid() + "\n");
            KafkaBroker broker = new KafkaBroker(p, dataDir, port);
            try {
                broker.awaitReady(timeout, log);
            } catch (RuntimeException e) {
                broker.stop();
                throw e;
            }
            return broker;
        } catch (IOException e) {
            throw new StartupException("cannot start the Kafka broker in " + dataDir + ": " + e.getMessage()
                    + " (see " + log + ")", e);
        }
    }

    /** Stops a broker left running on this data dir by a JVM that died. Returns true if there was one. */
    public static boolean stopOrphan(Path dataDir) {
        Path pidFile = dataDir.resolve("broker.pid");
        OptionalLong pid = Processes.readPidFile(pidFile);
        if (pid.isEmpty() || !Processes.alive(pid.getAsLong())) {
            return false;
        }
        // Only a broker on this very data dir: the PID may have been reused by something else.
        String cmdline = Processes.commandLine(pid.getAsLong()).orElse("");
        if (!cmdline.contains("kafka.Kafka") || !cmdline.contains(dataDir.toAbsolutePath().toString())) {
            return false;
        }
        LOG.info("stopping an orphaned Kafka broker (pid {}) left on {}", pid.getAsLong(), dataDir);
        Processes.stop(pid.getAsLong(), "TERM", Duration.ofSeconds(15));
        return true;
    }

    public String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    public long pid() {
        return process.pid();
    }

    public Path logFile() {
        return dataDir.resolve("broker.log");
    }

    /** Creates the topics that do not exist yet; {@code compacted} sets cleanup.policy=compact. */
    public void createTopics(Collection<String> names, boolean compacted) {
        createTopics(bootstrapServers(), names, compacted);
    }

    static void createTopics(String bootstrap, Collection<String> names, boolean compacted) {
        List<NewTopic> topics = new ArrayList<>();
        for (String name : names) {
            NewTopic t = new NewTopic(name, 1, (short) 1);
            if (compacted) {
                t.configs(Map.of("cleanup.policy", "compact"));
            }
            topics.add(t);
        }
        try (Admin admin = admin(bootstrap)) {
            for (var f : admin.createTopics(topics).values().values()) {
                try {
                    f.get(30, TimeUnit.SECONDS);
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw new IllegalStateException("cannot create topic: " + e.getCause().getMessage(), e);
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating topics", e);
        } catch (java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("timed out creating topics on " + bootstrap, e);
        }
    }

    /** SIGTERM, up to 15 s for a clean shutdown, then SIGKILL. */
    public void stop() {
        if (process.isAlive()) {
            process.destroy();
            try {
                if (!process.waitFor(15, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
        try {
            Files.deleteIfExists(dataDir.resolve("broker.pid"));
        } catch (IOException ignored) {
            // the pid file is only a hint for orphan cleanup
        }
    }

    @Override
    public void close() {
        stop();
    }

    /** Checks that a Kafka cluster answers describeCluster within the timeout; the message says why not. */
    public static void checkReachable(String bootstrap, Duration timeout) throws Exception {
        try (Admin admin = admin(bootstrap)) {
            var nodes = admin.describeCluster().nodes().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (nodes.isEmpty()) {
                throw new IllegalStateException("the cluster has no broker");
            }
        }
    }

    private void awaitReady(Duration timeout, Path log) {
        long deadline = System.nanoTime() + timeout.toNanos();
        // Poll the port first: an Admin client against a closed port logs a warning every few ms.
        while (!portOpen(port)) {
            checkAlive(log);
            if (System.nanoTime() > deadline) {
                throw timeoutError(timeout, log);
            }
            sleep(100);
        }
        Exception last = null;
        while (System.nanoTime() < deadline) {
            checkAlive(log);
            try {
                long left = Math.max(1000, (deadline - System.nanoTime()) / 1_000_000);
                checkReachable(bootstrapServers(), Duration.ofMillis(Math.min(left, 5000)));
                return;
            } catch (Exception e) {
                last = e;
                sleep(200);
            }
        }
        throw new StartupException("the Kafka broker on " + bootstrapServers() + " did not answer within "
                + timeout.toSeconds() + " s (" + last + "): see " + log, Processes.tail(log, 20), last);
    }

    private void checkAlive(Path log) {
        if (!process.isAlive()) {
            throw new StartupException("the Kafka broker exited during startup (exit code " + process.exitValue()
                    + "): see " + log + " for the cause", Processes.tail(log, 20), null);
        }
    }

    private StartupException timeoutError(Duration timeout, Path log) {
        return new StartupException("the Kafka broker did not open port " + port + " within " + timeout.toSeconds()
                + " s: see " + log + " for the cause", Processes.tail(log, 20), null);
    }

    private static void format(Path dataDir, Path config, String classpath, Path log, Duration timeout)
            throws IOException {
        List<String> cmd = command(dataDir, classpath, "kafka.tools.StorageTool", "format", "--config",
                config.toString(), "--cluster-id", CLUSTER_ID, "--standalone", "--ignore-formatted");
        Process p = new ProcessBuilder(cmd).directory(dataDir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .start();
        try {
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                throw new StartupException("formatting the Kafka storage timed out: see " + log);
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new StartupException("interrupted while formatting the Kafka storage");
        }
        if (p.exitValue() != 0) {
            throw new StartupException("formatting the Kafka storage in " + dataDir.resolve("data") + " failed: see "
                    + log + " (delete that directory to start with an empty broker)", Processes.tail(log, 20), null);
        }
    }

    private static List<String> command(Path dataDir, String classpath, String main, String... args) {
        List<String> cmd = new ArrayList<>(List.of(Processes.javaBin()));
        cmd.addAll(JVM_FLAGS);
        cmd.add("-Dlog4j2.configurationFile=" + dataDir.resolve("log4j2.properties"));
        cmd.add("-Dkafka.logs.dir=" + dataDir);
        cmd.add("-cp");
        cmd.add(classpath);
        cmd.add(main);
        cmd.addAll(List.of(args));
        return cmd;
    }

    private static Path writeConfig(Path dataDir, int port, int controllerPort) throws IOException {
        Properties p = new Properties();
        p.setProperty("process.roles", "broker,controller");
        p.setProperty("node.id", "1");
        p.setProperty("listeners", "PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort);
        p.setProperty("advertised.listeners", "PLAINTEXT://127.0.0.1:" + port);
        p.setProperty("controller.listener.names", "CONTROLLER");
        p.setProperty("inter.broker.listener.name", "PLAINTEXT");
        p.setProperty("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        p.setProperty("controller.quorum.bootstrap.servers", "127.0.0.1:" + controllerPort);
        p.setProperty("log.dirs", dataDir.resolve("data").toString());
        p.setProperty("num.partitions", "1");
        p.setProperty("default.replication.factor", "1");
        p.setProperty("min.insync.replicas", "1");
        p.setProperty("offsets.topic.replication.factor", "1");
        p.setProperty("offsets.topic.num.partitions", "10");
        p.setProperty("transaction.state.log.replication.factor", "1");
        p.setProperty("transaction.state.log.min.isr", "1");
        p.setProperty("share.coordinator.state.topic.replication.factor", "1");
        p.setProperty("share.coordinator.state.topic.min.isr", "1");
        p.setProperty("group.initial.rebalance.delay.ms", "0");
        p.setProperty("auto.create.topics.enable", "false");
        Path file = dataDir.resolve("server.properties");
        try (var out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            p.store(out, "written by quarkube on every start");
        }
        Files.writeString(dataDir.resolve("log4j2.properties"), String.join("\n",
                "# written by quarkube: broker log to stdout, which goes to broker.log",
                "appender.out.type = Console",
                "appender.out.name = out",
                "appender.out.layout.type = PatternLayout",
                "appender.out.layout.pattern = [%d] %p %m (%c{1})%n",
                "rootLogger.level = INFO",
                "rootLogger.appenderRef.out.ref = out",
                "logger.state.name = state.change.logger",
                "logger.state.level = WARN",
                "logger.request.name = kafka.request.logger",
                "logger.request.level = WARN",
                "# config dumps are thousands of lines; the files next to this one say the same",
                "logger.config.name = org.apache.kafka.common.config.AbstractConfig",
                "logger.config.level = WARN",
                ""));
        return file;
    }

    /** The broker's runtime classpath, written by the kafka-broker module at build time. */
    static String classpath() {
        try (InputStream in = KafkaBroker.class.getClassLoader().getResourceAsStream("kafka-broker.classpath")) {
            if (in == null) {
                throw new StartupException("kafka-broker.classpath is not on the classpath: build the kafka-broker "
                        + "module first (./mvnw -DskipTests install)");
            }
            String cp = new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
            String first = cp.split(java.io.File.pathSeparator)[0];
            if (!Files.exists(Path.of(first))) {
                throw new StartupException("the Kafka broker jars are missing (" + first + "): rebuild with "
                        + "./mvnw -DskipTests install");
            }
            return cp;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Admin admin(String bootstrap) {
        Properties p = new Properties();
        p.setProperty(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.setProperty(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "5000");
        p.setProperty(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "10000");
        p.setProperty(AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, "500");
        return Admin.create(p);
    }

    private static boolean portOpen(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StartupException("interrupted while waiting for the Kafka broker");
        }
    }
}
