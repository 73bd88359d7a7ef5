package io.quarkube.infra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InfraTest {
    @TempDir
    Path dir;

    @Test
    void brokerAndDurablePostgresStartWorkAndStopWithoutLeftovers() throws Exception {
        long t0 = System.nanoTime();
        PostgresServer pg = PostgresServer.start(dir.resolve("pg"), Ports.freePort(), true);
        long t1 = System.nanoTime();
        KafkaBroker broker = KafkaBroker.start(dir.resolve("kafka"), Ports.freePort(), Ports.freePort(),
                Duration.ofSeconds(60));
        long t2 = System.nanoTime();
        System.out.printf("postgres started in %d ms, broker in %d ms%n", (t1 - t0) / 1_000_000,
                (t2 - t1) / 1_000_000);
        long postmaster = pg.postmasterPid();
        long brokerPid = broker.pid();
        try {
            assertTrue(Processes.alive(postmaster));
            try (Connection c = DriverManager.getConnection(pg.jdbcUrl(), pg.username(), pg.password());
                    Statement st = c.createStatement()) {
                assertEquals("1", one(st, "select 1"));
                assertEquals("on", one(st, "show fsync"));
                assertEquals("on", one(st, "show synchronous_commit"));
                assertEquals("on", one(st, "show full_page_writes"));
            }

            broker.createTopics(List.of("quarkube.test"), true);
            broker.createTopics(List.of("quarkube.test"), true); // idempotent
            try (var producer = new KafkaProducer<String, String>(Map.of("bootstrap.servers",
                    broker.bootstrapServers()), new StringSerializer(), new StringSerializer())) {
                producer.send(new ProducerRecord<>("quarkube.test", "default/p1", "hello")).get();
            }
            try (var consumer = new KafkaConsumer<String, String>(Map.of("bootstrap.servers",
                    broker.bootstrapServers(), "group.id", "t", "auto.offset.reset", "earliest"),
                    new StringDeserializer(), new StringDeserializer())) {
                consumer.subscribe(List.of("quarkube.test"));
                ConsumerRecords<String, String> records = ConsumerRecords.empty();
                long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
                while (records.isEmpty() && System.nanoTime() < deadline) {
                    records = consumer.poll(Duration.ofMillis(500));
                }
                assertEquals(1, records.count());
                assertEquals("hello", records.iterator().next().value());
            }
        } finally {
            broker.stop();
            pg.stop();
        }
        assertFalse(Processes.alive(brokerPid), "broker still running");
        assertFalse(Processes.alive(postmaster), "postmaster still running");
    }

    @Test
    void orphanedPostmasterIsStoppedAndDataSurvives() throws Exception {
        Path data = dir.resolve("pg");
        int port = Ports.freePort();
        // A child JVM starts PostgreSQL, creates a table and dies without stopping it (like kill -9).
        Process jvm = new ProcessBuilder(Processes.javaBin(), "-cp", System.getProperty("java.class.path"),
                OrphanMaker.class.getName(), data.toString(), Integer.toString(port)).inheritIO().start();
        assertEquals(0, jvm.waitFor());
        long orphan = Processes.readPidFile(data.resolve("postmaster.pid")).orElseThrow();
        assertTrue(Processes.alive(orphan), "the orphan should still run after its JVM died");
        PostgresServer second = PostgresServer.start(data, port, false);
        try {
            assertFalse(Processes.alive(orphan), "orphan still running");
            try (Connection c = DriverManager.getConnection(second.jdbcUrl(), "postgres", "");
                    Statement st = c.createStatement()) {
                assertEquals("0", one(st, "select count(*) from kept"));
            }
        } finally {
            second.stop();
        }
    }

    @Test
    void sharedInfraIsStartedOncePerJvm() throws Exception {
        var a = QuarkubeTestInfra.shared();
        var b = new QuarkubeTestInfra().start();
        assertEquals(a.quarkusConfig(), b);
        assertTrue(Processes.alive(a.brokerPid()));
        try (Connection c = DriverManager.getConnection(a.jdbcUrl(), a.username(), a.password());
                Statement st = c.createStatement()) {
            assertEquals("off", one(st, "show fsync"));
        }
    }

    /** Starts PostgreSQL, creates a table, then halts without stopping it. */
    public static final class OrphanMaker {
        public static void main(String[] args) throws Exception {
            PostgresServer pg = PostgresServer.start(Path.of(args[0]), Integer.parseInt(args[1]), false);
            try (Connection c = DriverManager.getConnection(pg.jdbcUrl(), "postgres", "");
                    Statement st = c.createStatement()) {
                st.execute("create table kept (id int)");
            }
            Runtime.getRuntime().halt(0);
        }
    }

    private static String one(Statement st, String sql) throws SQLException {
        try (ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }
}
