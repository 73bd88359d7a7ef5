package io.quarkube.launcher;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import io.quarkube.infra.KafkaBroker;
import io.quarkube.infra.Ports;
import io.quarkube.infra.PostgresServer;
import io.quarkube.infra.StartupException;
import io.quarkube.infra.Watchdog;

/**
 * The whole local cluster: PostgreSQL, the Kafka broker and the four services as child processes. Used by
 * {@code ./quarkube up} and by the end-to-end tests. {@link #close()} (also run by a shutdown hook) stops the
 * services in reverse order, then the broker, then PostgreSQL; a {@link Watchdog} covers a kill -9 of this JVM.
 */
public final class LocalCluster implements AutoCloseable {
    public static final String API_SERVER = Service.API_SERVER.id;
    public static final String SCHEDULER = Service.SCHEDULER.id;
    public static final String CONTROLLER_MANAGER = Service.CONTROLLER_MANAGER.id;
    public static final String KUBELET_AGENT = Service.KUBELET_AGENT.id;
    public static final List<String> SERVICES = Arrays.stream(Service.values()).map(s -> s.id).toList();

    private static final Duration STOP_GRACE = Duration.ofSeconds(15);

    private final ClusterConfig config;
    private final ClusterPki pki;
    private final Consumer<String> progress;
    private final long t0 = System.nanoTime();
    private final Watchdog watchdog = Watchdog.start();
    private final Thread hook = new Thread(this::close, "quarkube-stop");
    private final CountDownLatch startupDone = new CountDownLatch(1);
    private final Map<Service, ServiceProcess> services = new EnumMap<>(Service.class);
    private final List<ServiceProcess> replicas = new ArrayList<>();
    private volatile boolean closing;
    private boolean closed;
    private PostgresServer pg;
    private KafkaBroker broker;
    private String jdbcUrl;
    private String dbUser;
    private String dbPassword;
    private String bootstrap;
    private Map<String, String> tokens;

    private LocalCluster(ClusterConfig config) {
        this.config = config;
        this.pki = ClusterPki.in(config.dataDir());
        this.progress = config.progress();
    }

    /** Starts everything and returns once every service answers ready; stops what it started if a step fails. */
    public static LocalCluster start(ClusterConfig config) {
        LocalCluster c = new LocalCluster(config);
        Runtime.getRuntime().addShutdownHook(c.hook);
        try {
            c.startAll();
            return c;
        } catch (RuntimeException e) {
            c.startupDone.countDown();
            c.close();
            throw e;
        } finally {
            c.startupDone.countDown();
        }
    }

    private void startAll() {
        Path data = config.dataDir();
        try {
            Files.createDirectories(data.resolve("logs"));
            Files.createDirectories(data.resolve("kubelet"));
            Files.createDirectories(data.resolve("manifests")); // static pod manifests, run by the kubelet-agent
        } catch (IOException e) {
            throw new StartupException("cannot create the data directory " + data + ": " + e.getMessage(), e);
        }
        ClusterState.runningLauncher(data).ifPresent(l -> {
            throw new StartupException("quarkube is already running from " + data + " (pid " + l.pid()
                    + "): use it, or stop it with ./quarkube down");
        });
        ClusterState.stopLeftovers(data, line -> step(line + " (left by an earlier run that was killed)"));
        writeState();
        checkPorts();
        checkExternal();
        startDatabase();
        startKafka();
        writeCredentials();
        launch(Service.API_SERVER, true);
        awaitReady(Service.API_SERVER, "api-server ready on " + apiServerUrl());
        List<Service> others = List.of(Service.SCHEDULER, Service.CONTROLLER_MANAGER, Service.KUBELET_AGENT);
        others.forEach(s -> launch(s, true)); // together: they only need the api-server and Kafka
        others.forEach(s -> awaitReady(s, s + " ready on " + url(s.id)));
    }

    private void checkPorts() {
        ClusterPorts p = config.ports();
        for (Service s : Service.values()) {
            Ports.requireFree(p.of(s), "the " + s, ClusterPorts.envVar(s));
        }
        if (!config.externalDatabase()) {
            Ports.requireFree(p.postgres(), "PostgreSQL", ClusterPorts.PG_ENV);
        }
        if (!config.externalKafka()) {
            Ports.requireFree(p.kafka(), "the Kafka broker", ClusterPorts.KAFKA_ENV);
            Ports.requireFree(p.kafkaController(), "the Kafka controller", ClusterPorts.KAFKA_CONTROLLER_ENV);
        }
    }

    /** Before starting anything: an external database or Kafka that is not there is a one-line error. */
    private void checkExternal() {
        if (config.externalDatabase()) {
            DriverManager.setLoginTimeout(5);
            try (Connection ignored = DriverManager.getConnection(config.dbUrl(), config.dbUser(),
                    config.dbPassword())) {
                // reachable
            } catch (SQLException e) {
                throw new StartupException("cannot reach the database at " + config.dbUrl() + ": "
                        + reason(e.getMessage()) + ". Check QUARKUBE_DB_URL or unset it to use the embedded PostgreSQL");
            }
        }
        if (config.externalKafka()) {
            String why = null;
            String first = config.kafkaBootstrap().split(",")[0].trim();
            int colon = first.lastIndexOf(':');
            try (java.net.Socket s = new java.net.Socket()) {
                s.connect(new java.net.InetSocketAddress(first.substring(0, Math.max(colon, 0)),
                        Integer.parseInt(first.substring(colon + 1))), 5000);
            } catch (IOException | RuntimeException e) {
                why = "cannot connect to " + first + " (" + (e instanceof java.net.UnknownHostException
                        ? "unknown host" : e.getMessage()) + ")";
            }
            if (why == null) {
                try {
                    KafkaBroker.checkReachable(config.kafkaBootstrap(), Duration.ofSeconds(10));
                } catch (Exception e) {
                    Throwable cause = e instanceof java.util.concurrent.ExecutionException && e.getCause() != null
                            ? e.getCause() : e;
                    why = String.valueOf(cause.getMessage());
                }
            }
            if (why != null) {
                throw new StartupException("cannot reach Kafka at " + config.kafkaBootstrap() + ": " + reason(why)
                        + ". Check QUARKUBE_KAFKA_BOOTSTRAP or unset it to use the embedded broker");
            }
        }
    }

    private void startDatabase() {
        if (config.externalDatabase()) {
            jdbcUrl = config.dbUrl();
            dbUser = config.dbUser();
            dbPassword = config.dbPassword();
            step("using the database at " + jdbcUrl);
            return;
        }
        Path dir = config.dataDir().resolve("postgres");
        PostgresServer server = PostgresServer.start(dir, config.ports().postgres(), config.durablePostgres(),
                config.dataDir().resolve("logs/postgres.log"));
        synchronized (this) {
            if (closed) { // close() already ran while PostgreSQL was starting
                server.stop();
                throw new StartupException("startup cancelled");
            }
            pg = server;
            watchdog.watch(server.postmasterPid(), "INT"); // SIGINT is PostgreSQL's fast shutdown
        }
        jdbcUrl = server.jdbcUrl();
        dbUser = server.username();
        dbPassword = server.password();
        writeState();
        step("postgresql ready on 127.0.0.1:" + server.port() + " (data: " + show(dir) + ")");
        checkCancelled();
    }

    private void startKafka() {
        if (config.externalKafka()) {
            bootstrap = config.kafkaBootstrap();
            step("using Kafka at " + bootstrap);
            return;
        }
        Path dir = config.dataDir().resolve("kafka");
        KafkaBroker b = KafkaBroker.start(dir, config.ports().kafka(), config.ports().kafkaController(),
                Duration.ofSeconds(90));
        synchronized (this) {
            if (closed) {
                b.stop();
                throw new StartupException("startup cancelled");
            }
            broker = b;
            watchdog.watch(b.pid());
        }
        bootstrap = b.bootstrapServers();
        writeState();
        step("kafka ready on " + bootstrap + " (data: " + show(dir) + ", log: " + show(b.logFile()) + ")");
        checkCancelled();
    }

    private void writeCredentials() {
        String made = pki.ensure();
        if (made != null) {
            step(made);
        }
        List<String> users = new ArrayList<>(List.of(Tokens.ADMIN));
        Arrays.stream(Service.values()).filter(s -> s.user != null).forEach(s -> users.add(s.user));
        try {
            tokens = Tokens.ensure(tokensFile(), users);
            Tokens.writeKubeconfig(kubeconfigPath(), apiServerUrl(), caFile(), adminToken());
        } catch (IOException e) {
            throw new StartupException("cannot write the tokens or kubeconfig in " + config.dataDir() + ": "
                    + e.getMessage(), e);
        }
    }

    private void launch(Service s, boolean firstStart) {
        ServiceProcess p = new ServiceProcess(s, config.ports().of(s), jar(s), logFile(s.id), config.dataDir(),
                config.heapMb(s), env(s), s == Service.API_SERVER ? trustingClusterCa() : null);
        synchronized (this) {
            if (closing) {
                throw new StartupException("the cluster is stopping");
            }
            p.launch(firstStart);
            services.put(s, p);
            watchdog.watch(p.pid());
        }
        writeState();
    }

    private Path jar(Service s) {
        Path jar = config.repoRoot().resolve(s.id).resolve("target/quarkus-app/quarkus-run.jar");
        if (!Files.isRegularFile(jar)) {
            throw new StartupException("the " + s + " is not built (" + jar + " is missing): run "
                    + "./mvnw -DskipTests install in " + config.repoRoot());
        }
        return jar;
    }

    /**
     * Starts one more instance of a service (e.g. a second scheduler replica: they elect a leader) with the same
     * environment but a free HTTP port, logging to {@code logs/<service>-<instance>.log}; returns once it is ready.
     * {@link #close()} stops it too. Not for the api-server, whose port is the cluster's address.
     */
    public Replica startReplica(String service, String instance) {
        return startReplica(service, instance, Map.of());
    }

    /**
     * {@link #startReplica(String, String)} with variables added to its environment, e.g. a kubelet-agent serving
     * nodes of its own: {@code QUARKUBE_KUBELET_NODE_NAME_PREFIX}, {@code QUARKUBE_KUBELET_WORK_DIR}.
     */
    public Replica startReplica(String service, String instance, Map<String, String> extraEnv) {
        Service s = Service.of(service);
        if (s == Service.API_SERVER) {
            throw new IllegalArgumentException("the api-server has no replicas");
        }
        int port = Ports.freePort();
        Map<String, String> env = env(s);
        env.putAll(extraEnv);
        env.put("QUARKUS_HTTP_PORT", Integer.toString(port));
        Path log = config.dataDir().resolve("logs").resolve(service + "-" + instance + ".log");
        ServiceProcess p = new ServiceProcess(s, port, jar(s), log, config.dataDir(), config.heapMb(s), env, null);
        synchronized (this) {
            if (closing) {
                throw new StartupException("the cluster is stopping");
            }
            p.launch(true);
            replicas.add(p);
            watchdog.watch(p.pid());
        }
        p.awaitReady(config.readyTimeout(), () -> closing);
        step(service + " replica " + instance + " ready on " + p.url() + " (pid " + p.pid() + ")");
        return new Replica(p, instance);
    }

    /** An extra instance started by {@link #startReplica}. */
    public final class Replica {
        private final ServiceProcess process;
        private final String instance;

        private Replica(ServiceProcess process, String instance) {
            this.process = process;
            this.instance = instance;
        }

        public String url() {
            return process.url();
        }

        public Path logFile() {
            return process.log;
        }

        public long pid() {
            return process.pid();
        }

        public boolean isRunning() {
            return process.alive();
        }

        /** SIGTERM, SIGKILL after 15 s: a graceful stop. */
        public void stop() {
            watchdog.unwatch(process.pid());
            if (process.alive()) {
                boolean killed = process.stop(STOP_GRACE);
                step(process.service + " replica " + instance + (killed ? " did not stop within 15 s: killed"
                        : " stopped"));
            }
        }

        /** SIGKILL, as a crash would. */
        public void kill() {
            watchdog.unwatch(process.pid());
            process.kill();
            step(process.service + " replica " + instance + " killed (SIGKILL)");
        }
    }

    private void awaitReady(Service s, String readyLine) {
        ServiceProcess p;
        synchronized (this) {
            p = services.get(s);
        }
        p.awaitReady(config.readyTimeout(), () -> closing);
        step(readyLine + " (pid " + p.pid() + ")");
    }

    /** The environment of each service: everything it needs to find the others. */
    private Map<String, String> env(Service s) {
        Map<String, String> env = new java.util.LinkedHashMap<>();
        env.put("QUARKUS_HTTP_HOST", "127.0.0.1");
        env.put("KAFKA_BOOTSTRAP_SERVERS", bootstrap);
        if (s == Service.API_SERVER) {
            // HTTPS only, as kube-apiserver: kubectl sends a bearer token over TLS only.
            env.put("QUARKUS_HTTP_SSL_PORT", Integer.toString(config.ports().of(s)));
            env.put("QUARKUS_HTTP_SSL_CERTIFICATE_FILES", pki.serverCert().toString());
            env.put("QUARKUS_HTTP_SSL_CERTIFICATE_KEY_FILES", pki.serverKey().toString());
            env.put("QUARKUS_HTTP_INSECURE_REQUESTS", "disabled");
            env.put("QUARKUS_DATASOURCE_JDBC_URL", jdbcUrl);
            env.put("QUARKUS_DATASOURCE_USERNAME", dbUser);
            env.put("QUARKUS_DATASOURCE_PASSWORD", dbPassword);
            env.put("QUARKUBE_AUTH_TOKEN_FILE", tokensFile().toString());
        } else {
            env.put("QUARKUS_HTTP_PORT", Integer.toString(config.ports().of(s)));
            env.put("QUARKUBE_API_SERVER_URL", apiServerUrl());
            env.put("QUARKUBE_API_SERVER_CA_FILE", caFile().toString());
            env.put("QUARKUBE_API_SERVER_TOKEN", tokens.get(s.user));
        }
        if (s == Service.KUBELET_AGENT) {
            Path work = config.dataDir().resolve("kubelet");
            env.put("QUARKUBE_KUBELET_NODE_COUNT", Integer.toString(config.nodes()));
            env.put("QUARKUBE_KUBELET_RUNTIME", config.runtime());
            env.put("QUARKUBE_KUBELET_WORK_DIR", work.toString());
            env.put("QUARKUBE_KUBELET_STATIC_POD_PATH", config.dataDir().resolve("manifests").toString());
        }
        env.putAll(config.extraEnv(s));
        return env;
    }

    /** Stops the service (SIGTERM, SIGKILL after 15 s) if it runs, starts it again and waits until it is ready. */
    public void restart(String service) {
        Service s = Service.of(service);
        stop(service);
        launch(s, false);
        awaitReady(s, s + " restarted");
    }

    /** Stops one service (SIGTERM, SIGKILL after 15 s); {@link #restart} brings it back. */
    public void stop(String service) {
        ServiceProcess p = process(service);
        watchdog.unwatch(p.pid());
        if (p.alive()) {
            boolean killed = p.stop(STOP_GRACE);
            step(service + (killed ? " did not stop within 15 s: killed" : " stopped"));
        }
    }

    /** SIGKILL one service, as a crash would; {@link #restart} brings it back. */
    public void kill(String service) {
        ServiceProcess p = process(service);
        watchdog.unwatch(p.pid());
        p.kill();
        step(service + " killed (SIGKILL)");
    }

    /** Stops everything: services in reverse start order, then the broker, then PostgreSQL. Idempotent. */
    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            closing = true;
        }
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // already shutting down: this is the hook
        }
        try {
            startupDone.await(30, TimeUnit.SECONDS); // let a start in progress notice and register what it made
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        long t = System.nanoTime();
        List<ServiceProcess> running;
        synchronized (this) {
            running = new ArrayList<>(services.values());
            running.addAll(replicas); // started last, stopped first
        }
        for (int i = running.size() - 1; i >= 0; i--) {
            ServiceProcess p = running.get(i);
            if (p.alive()) {
                boolean killed = p.stop(STOP_GRACE);
                step(p.service + (killed ? " did not stop within 15 s: killed" : " stopped"));
            }
        }
        if (broker != null) {
            broker.stop();
            step("kafka stopped");
        }
        if (pg != null) {
            pg.stop();
            step("postgresql stopped");
        }
        watchdog.close();
        ClusterState.delete(config.dataDir());
        if (!running.isEmpty() || broker != null || pg != null) {
            progress.accept(String.format("quarkube stopped in %.1fs", (System.nanoTime() - t) / 1e9));
        }
    }

    /** https://127.0.0.1:port: the api-server serves TLS only, with a certificate of {@link #caFile()}. */
    public String apiServerUrl() {
        return url(API_SERVER);
    }

    /** The base URL of any service: https for the api-server, http for the others. */
    public String url(String service) {
        Service s = Service.of(service);
        return (s == Service.API_SERVER ? "https" : "http") + "://127.0.0.1:" + config.ports().of(s);
    }

    /** The cluster CA's certificate (PEM): what a client of the api-server trusts. */
    public Path caFile() {
        return pki.caCert();
    }

    /** The certificates' files in the data dir (the CA, the api-server's serving certificate and key). */
    public ClusterPki pki() {
        return pki;
    }

    public String adminToken() {
        return tokens.get(Tokens.ADMIN);
    }

    /** The bearer token of a user in the token file (admin, system:kube-scheduler, ...). */
    public String token(String user) {
        return tokens.get(user);
    }

    public Path kubeconfigPath() {
        return config.dataDir().resolve("kubeconfig");
    }

    public Path tokensFile() {
        return config.dataDir().resolve("tokens.csv");
    }

    public String bootstrapServers() {
        return bootstrap;
    }

    public String jdbcUrl() {
        return jdbcUrl;
    }

    public String dbUsername() {
        return dbUser;
    }

    public String dbPassword() {
        return dbPassword;
    }

    public ClusterConfig config() {
        return config;
    }

    public Path dataDir() {
        return config.dataDir();
    }

    public Path logFile(String service) {
        return config.dataDir().resolve("logs").resolve(service + ".log");
    }

    /** PID of a service, or -1 if it never started. */
    public long pid(String service) {
        return process(service).pid();
    }

    public boolean isRunning(String service) {
        ServiceProcess p;
        synchronized (this) {
            p = services.get(Service.of(service));
        }
        return p != null && p.alive();
    }

    /** Exit code of a service that has died, or null while it runs. For the launcher's crash report. */
    Integer exitCode(String service) {
        return process(service).exitCode();
    }

    /** PID of the postmaster, or -1 with an external database. */
    public long postgresPid() {
        return pg == null ? -1 : pg.postmasterPid();
    }

    /** PID of the broker JVM, or -1 with an external Kafka. */
    public long brokerPid() {
        return broker == null ? -1 : broker.pid();
    }

    /** Seconds since start, as shown in progress lines. */
    public double elapsedSeconds() {
        return (System.nanoTime() - t0) / 1e9;
    }

    private synchronized ServiceProcess process(String service) {
        ServiceProcess p = services.get(Service.of(service));
        if (p == null) {
            throw new IllegalStateException(service + " was never started");
        }
        return p;
    }

    private javax.net.ssl.SSLContext trustingClusterCa() {
        try {
            return io.quarkube.infra.Certificates.trusting(caFile());
        } catch (IOException e) {
            throw new StartupException("cannot read the cluster CA " + caFile() + ": " + e.getMessage(), e);
        }
    }

    private void checkCancelled() {
        if (closing) {
            throw new StartupException("startup cancelled");
        }
    }

    private synchronized void writeState() {
        if (closed) {
            return;
        }
        List<ClusterState.Entry> e = new ArrayList<>();
        e.add(new ClusterState.Entry(ClusterState.LAUNCHER, ProcessHandle.current().pid(), 0));
        if (pg != null) {
            e.add(new ClusterState.Entry(ClusterState.POSTGRES, pg.postmasterPid(), pg.port()));
        }
        if (broker != null) {
            e.add(new ClusterState.Entry(ClusterState.KAFKA, broker.pid(), broker.port()));
        }
        services.values().forEach(p -> e.add(new ClusterState.Entry(p.service.id, p.pid(), p.port)));
        ClusterState.write(config.dataDir(), e);
    }

    private void step(String line) {
        progress.accept(String.format("[%5.1fs] %s", elapsedSeconds(), line));
    }

    /** A path relative to the working directory when it is below it (shorter progress lines). */
    private static String show(Path p) {
        Path cwd = Path.of("").toAbsolutePath();
        return p.startsWith(cwd) ? cwd.relativize(p).toString() : p.toString();
    }

    /** An exception message as the middle of a sentence: one line, no final period. */
    private static String reason(String s) {
        String r = s == null ? "" : s.replaceAll("\\s*\\R\\s*", " ").trim();
        return r.endsWith(".") ? r.substring(0, r.length() - 1) : r;
    }
}
