package io.quarkube.apiserver.relay;

import io.quarkube.api.EventType;
import io.quarkube.api.Resources;
import io.quarkube.apiserver.storage.OutboxSignal;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Publishes committed changes from the outbox to Kafka, in revision order, then deletes what the broker
 * acknowledged. A crash between publish and delete re-sends those rows on restart: delivery is at-least-once
 * and consumers drop what is not newer than what they hold. Only one replica relays at a time (a PostgreSQL
 * advisory lock), so per-object order holds even with several api-servers.
 */
@ApplicationScoped
public class OutboxRelay {
    private static final Logger LOG = Logger.getLogger(OutboxRelay.class);
    private static final long RELAY_LOCK = 0x71_75_61_72_6b_75_62_65L; // "quarkube"
    private static final int BATCH = 1_000;

    private final DataSource dataSource;
    private final OutboxSignal signal;
    private final String bootstrapServers;
    private volatile boolean running;
    private volatile boolean connected;
    private volatile long published;
    private Thread thread;

    public OutboxRelay(DataSource dataSource, OutboxSignal signal,
                       @ConfigProperty(name = "kafka.bootstrap.servers") String bootstrapServers) {
        this.dataSource = dataSource;
        this.signal = signal;
        this.bootstrapServers = bootstrapServers;
    }

    void onStart(@Observes StartupEvent event) {
        running = true;
        thread = new Thread(this::run, "outbox-relay");
        thread.setDaemon(true);
        thread.start();
    }

    void onStop(@Observes ShutdownEvent event) {
        running = false;
        if (thread != null) {
            thread.interrupt();
        }
    }

    /** True once topics exist and the broker accepted a batch (or there was nothing to send). */
    public boolean isConnected() {
        return connected;
    }

    public long publishedCount() {
        return published;
    }

    private void run() {
        while (running) {
            try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(producerProperties())) {
                ensureTopics();
                connected = true; // Kafka answered; a standby replica (no relay lock) is ready too
                relayWhileLeader(producer);
            } catch (InterruptedException e) {
                return;
            } catch (Exception e) {
                connected = false;
                LOG.warnf("outbox relay: %s; retrying in 2 s", e.getMessage());
                if (!sleep(2_000)) {
                    return;
                }
            }
        }
    }

    private void relayWhileLeader(KafkaProducer<String, byte[]> producer) throws Exception {
        try (Connection c = dataSource.getConnection()) {
            while (running && !tryLock(c)) {
                LOG.debug("outbox relay: another api-server relays; waiting");
                if (!sleep(5_000)) {
                    return;
                }
            }
            LOG.info("outbox relay: publishing committed changes to Kafka");
            while (running) {
                int sent = relayBatch(c, producer);
                if (sent < BATCH) {
                    signal.await(200);
                }
            }
        }
    }

    private int relayBatch(Connection c, KafkaProducer<String, byte[]> producer) throws Exception {
        List<Long> ids = new ArrayList<>();
        List<Future<RecordMetadata>> acks = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement(
                "select id, topic, record_key, event_type, value from outbox order by id limit " + BATCH);
             ResultSet r = s.executeQuery()) {
            while (r.next()) {
                ids.add(r.getLong(1));
                ProducerRecord<String, byte[]> record = new ProducerRecord<>(r.getString(2), r.getString(3),
                        r.getBytes(5));
                String event = r.getString(4);
                if (!"TOMBSTONE".equals(event)) {
                    record.headers().add(EventType.HEADER, EventType.valueOf(event).headerValue());
                }
                acks.add(producer.send(record));
            }
        }
        if (ids.isEmpty()) {
            return 0;
        }
        producer.flush();
        for (Future<RecordMetadata> ack : acks) {
            ack.get(30, TimeUnit.SECONDS); // throws if the broker refused: the rows stay and are re-sent
        }
        try (PreparedStatement s = c.prepareStatement("delete from outbox where id = any (?)")) {
            s.setArray(1, c.createArrayOf("bigint", ids.toArray()));
            s.executeUpdate();
        }
        published += ids.size();
        return ids.size();
    }

    private static boolean tryLock(Connection c) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("select pg_try_advisory_lock(?)")) {
            s.setLong(1, RELAY_LOCK);
            try (ResultSet r = s.executeQuery()) {
                r.next();
                return r.getBoolean(1);
            }
        }
    }

    /** Topics are compacted: the newest record per object is its state, so a reader can rebuild from zero. */
    private void ensureTopics() throws InterruptedException, ExecutionException {
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        try (Admin admin = Admin.create(p)) {
            List<NewTopic> topics = Resources.topics().stream()
                    .map(t -> new NewTopic(t, 1, (short) 1).configs(Map.of("cleanup.policy", "compact")))
                    .toList();
            for (var entry : admin.createTopics(topics).values().entrySet()) {
                try {
                    entry.getValue().get(30, TimeUnit.SECONDS);
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw e;
                    }
                } catch (java.util.concurrent.TimeoutException e) {
                    throw new ExecutionException("Kafka at " + bootstrapServers + " did not answer", e);
                }
            }
        }
    }

    private Properties producerProperties() {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        p.put(ProducerConfig.LINGER_MS_CONFIG, 2);
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000);
        p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 30_000);
        p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        return p;
    }

    private boolean sleep(long millis) {
        try {
            Thread.sleep(millis);
            return running;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
