package io.quarkube.launcher;

import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

import io.quarkube.infra.StartupException;

/**
 * How to run a local cluster. Fluent and mutable: {@code ClusterConfig.forTests(root, dir).nodes(3)}.
 * Defaults: the default ports, 1 node, the {@code process} runtime, a durable embedded PostgreSQL and the
 * embedded broker, progress lines to stdout.
 */
public final class ClusterConfig {
    private final Path repoRoot;
    private final Path dataDir;
    private ClusterPorts ports = ClusterPorts.defaults();
    private int nodes = 1;
    private String runtime = "process";
    private boolean durablePostgres = true;
    private String dbUrl;
    private String dbUser;
    private String dbPassword;
    private String kafkaBootstrap;
    private Duration readyTimeout = Duration.ofSeconds(120);
    private Consumer<String> progress = System.out::println;
    private final Map<Service, Integer> heapMb = new EnumMap<>(Service.class);
    private final Map<Service, Map<String, String>> extraEnv = new EnumMap<>(Service.class);

    private ClusterConfig(Path repoRoot, Path dataDir) {
        this.repoRoot = repoRoot.toAbsolutePath().normalize();
        this.dataDir = dataDir.toAbsolutePath().normalize();
    }

    /** @param repoRoot where the service modules are (their target/quarkus-app/quarkus-run.jar) */
    public static ClusterConfig of(Path repoRoot, Path dataDir) {
        return new ClusterConfig(repoRoot, dataDir);
    }

    /** Free ports, a PostgreSQL without fsync: what end-to-end tests want. */
    public static ClusterConfig forTests(Path repoRoot, Path dataDir) {
        return of(repoRoot, dataDir).ports(ClusterPorts.freePorts()).durablePostgres(false);
    }

    /**
     * What {@code ./quarkube up} uses: data in QUARKUBE_HOME (default {@code <repo>/.quarkube}), ports from
     * QUARKUBE_*_PORT, QUARKUBE_NODES, QUARKUBE_RUNTIME, an external database from QUARKUBE_DB_URL /
     * QUARKUBE_DB_USER / QUARKUBE_DB_PASSWORD and an external Kafka from QUARKUBE_KAFKA_BOOTSTRAP.
     */
    public static ClusterConfig fromEnv(Path repoRoot, Map<String, String> env) {
        String home = env.get("QUARKUBE_HOME");
        Path dataDir = home == null || home.isBlank() ? repoRoot.resolve(".quarkube") : Path.of(home);
        ClusterConfig c = of(repoRoot, dataDir).ports(ClusterPorts.fromEnv(env));
        String nodes = env.getOrDefault("QUARKUBE_NODES", "1").trim();
        try {
            c.nodes(Integer.parseInt(nodes));
        } catch (IllegalArgumentException e) {
            throw new StartupException("QUARKUBE_NODES must be a number of nodes (1 or more), got '" + nodes + "'");
        }
        String runtime = env.getOrDefault("QUARKUBE_RUNTIME", "process").trim();
        if (!runtime.equals("process") && !runtime.equals("simulated")) {
            throw new StartupException("QUARKUBE_RUNTIME must be 'process' or 'simulated', got '" + runtime + "'");
        }
        c.runtime(runtime);
        String db = env.get("QUARKUBE_DB_URL");
        if (db != null && !db.isBlank()) {
            c.externalDatabase(db.trim(), env.getOrDefault("QUARKUBE_DB_USER", ""),
                    env.getOrDefault("QUARKUBE_DB_PASSWORD", ""));
        }
        String kafka = env.get("QUARKUBE_KAFKA_BOOTSTRAP");
        if (kafka != null && !kafka.isBlank()) {
            c.externalKafka(kafka.trim());
        }
        return c;
    }

    public ClusterConfig ports(ClusterPorts ports) {
        this.ports = Objects.requireNonNull(ports);
        return this;
    }

    public ClusterConfig nodes(int nodes) {
        if (nodes < 1) {
            throw new IllegalArgumentException("nodes must be 1 or more: " + nodes);
        }
        this.nodes = nodes;
        return this;
    }

    /** {@code process} (real host processes) or {@code simulated} (hollow nodes). */
    public ClusterConfig runtime(String runtime) {
        this.runtime = Objects.requireNonNull(runtime);
        return this;
    }

    /** fsync and synchronous commit on the embedded PostgreSQL (on by default; tests turn it off). */
    public ClusterConfig durablePostgres(boolean durable) {
        this.durablePostgres = durable;
        return this;
    }

    /** Use this database instead of the embedded PostgreSQL. */
    public ClusterConfig externalDatabase(String jdbcUrl, String user, String password) {
        this.dbUrl = jdbcUrl;
        this.dbUser = user;
        this.dbPassword = password;
        return this;
    }

    /** Use this Kafka cluster instead of the embedded broker. */
    public ClusterConfig externalKafka(String bootstrapServers) {
        this.kafkaBootstrap = bootstrapServers;
        return this;
    }

    /** How long each service may take to answer 200 on /q/health/ready. */
    public ClusterConfig readyTimeout(Duration timeout) {
        this.readyTimeout = timeout;
        return this;
    }

    /** Where progress lines go ({@code line -> {}} to silence them). */
    public ClusterConfig progress(Consumer<String> progress) {
        this.progress = Objects.requireNonNull(progress);
        return this;
    }

    public ClusterConfig heapMb(String service, int mb) {
        heapMb.put(Service.of(service), mb);
        return this;
    }

    /** An extra environment variable for one service (applied after the launcher's own). */
    public ClusterConfig env(String service, String name, String value) {
        extraEnv.computeIfAbsent(Service.of(service), s -> new LinkedHashMap<>()).put(name, value);
        return this;
    }

    public Path repoRoot() {
        return repoRoot;
    }

    public Path dataDir() {
        return dataDir;
    }

    public ClusterPorts ports() {
        return ports;
    }

    public int nodes() {
        return nodes;
    }

    public String runtime() {
        return runtime;
    }

    public boolean durablePostgres() {
        return durablePostgres;
    }

    public boolean externalDatabase() {
        return dbUrl != null;
    }

    public String dbUrl() {
        return dbUrl;
    }

    public String dbUser() {
        return dbUser;
    }

    public String dbPassword() {
        return dbPassword;
    }

    public boolean externalKafka() {
        return kafkaBootstrap != null;
    }

    public String kafkaBootstrap() {
        return kafkaBootstrap;
    }

    public Duration readyTimeout() {
        return readyTimeout;
    }

    Consumer<String> progress() {
        return progress;
    }

    int heapMb(Service s) {
        return heapMb.getOrDefault(s, s.defaultHeapMb);
    }

    Map<String, String> extraEnv(Service s) {
        return new HashMap<>(extraEnv.getOrDefault(s, Map.of()));
    }
}
