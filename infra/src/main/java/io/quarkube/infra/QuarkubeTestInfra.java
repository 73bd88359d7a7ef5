package io.quarkube.infra;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * One PostgreSQL (not durable) and one Kafka broker per test JVM, on free ports in a scratch directory, shared by
 * every Quarkus test profile and every plain JUnit test. Use with
 * {@code @WithTestResource(value = QuarkubeTestInfra.class, scope = TestResourceScope.GLOBAL)}, or call
 * {@link #shared()} outside Quarkus. Both stop when the JVM exits (shutdown hook, or the watchdog if the JVM is
 * killed); {@link #stop()} is a no-op so later profiles keep using them.
 */
public class QuarkubeTestInfra implements QuarkusTestResourceLifecycleManager {
    /** Kept in System properties: Quarkus loads this class once per profile class loader, so statics reset. */
    private static final String PREFIX = "quarkube.test-infra.";
    /** An interned literal is one object for the whole JVM, whatever class loader runs this code. */
    private static final String LOCK = "io.quarkube.infra.QuarkubeTestInfra.lock";

    /** Where the shared services listen. */
    public record Endpoints(String jdbcUrl, String username, String password, String bootstrapServers,
            long postmasterPid, long brokerPid) {
        public Map<String, String> quarkusConfig() {
            return Map.of("quarkus.datasource.jdbc.url", jdbcUrl,
                    "quarkus.datasource.username", username,
                    "quarkus.datasource.password", password,
                    "kafka.bootstrap.servers", bootstrapServers);
        }
    }

    @Override
    public Map<String, String> start() {
        return shared().quarkusConfig();
    }

    @Override
    public void stop() {
        // Shared by the whole JVM: stopped by the shutdown hook / watchdog, not per profile.
    }

    /** Starts PostgreSQL and the broker on first use in this JVM; later calls return the same endpoints. */
    public static Endpoints shared() {
        synchronized (LOCK) {
            if (System.getProperty(PREFIX + "bootstrap") == null) {
                startInfra();
            }
            return new Endpoints(System.getProperty(PREFIX + "jdbc-url"), System.getProperty(PREFIX + "username"),
                    System.getProperty(PREFIX + "password"), System.getProperty(PREFIX + "bootstrap"),
                    Long.parseLong(System.getProperty(PREFIX + "postmaster-pid")),
                    Long.parseLong(System.getProperty(PREFIX + "broker-pid")));
        }
    }

    private static void startInfra() {
        Path dir = scratchDir();
        Watchdog watchdog = Watchdog.start();
        PostgresServer pg = PostgresServer.start(dir.resolve("postgres"), Ports.freePort(), false);
        watchdog.watch(pg.postmasterPid(), "INT");
        KafkaBroker broker;
        try {
            broker = KafkaBroker.start(dir.resolve("kafka"), Ports.freePort(), Ports.freePort(),
                    Duration.ofSeconds(90));
        } catch (RuntimeException e) {
            pg.stop();
            watchdog.close();
            throw e;
        }
        watchdog.watch(broker.pid());
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            broker.stop();
            pg.stop();
            watchdog.close();
            deleteTree(dir);
        }, "quarkube-test-infra-stop"));
        System.setProperty(PREFIX + "jdbc-url", pg.jdbcUrl());
        System.setProperty(PREFIX + "username", pg.username());
        System.setProperty(PREFIX + "password", pg.password());
        System.setProperty(PREFIX + "postmaster-pid", Long.toString(pg.postmasterPid()));
        System.setProperty(PREFIX + "broker-pid", Long.toString(broker.pid()));
        System.setProperty(PREFIX + "bootstrap", broker.bootstrapServers()); // last: marks "started"
    }

    /** Under target/ when run from a module (mvn clean removes leftovers of killed runs), else the temp dir. */
    private static Path scratchDir() {
        try {
            Path target = Path.of("target");
            return Files.isDirectory(target)
                    ? Files.createTempDirectory(target.toAbsolutePath(), "quarkube-infra-")
                    : Files.createTempDirectory("quarkube-infra-");
        } catch (IOException e) {
            throw new StartupException("cannot create a scratch directory for the test infrastructure: " + e, e);
        }
    }

    static void deleteTree(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | RuntimeException ignored) {
            // best effort: a leftover scratch dir is harmless
        }
    }
}
