package io.quarkube.api.informer;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.quarkube.api.EventType;
import io.quarkube.api.ResourceType;
import io.quarkube.api.json.Json;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Rebuilds the state of some resources from their compacted Kafka topics and keeps it current.
 *
 * <p>It reads every partition from the beginning (no consumer group, so a restart rebuilds the whole cache
 * without a LIST storm on the api-server), applies each change to a {@link Store}, then tells the handlers.
 * Delivery is at-least-once, so an event whose resourceVersion is not newer than the one held for its key is
 * ignored. {@link #hasSynced()} turns true once everything that was in the topics at start has been read.
 */
public final class KafkaInformer implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(KafkaInformer.class);

    private final String bootstrapServers;
    private final String clientId;
    private final Map<String, Registration<?>> byTopic = new HashMap<>();
    private final CountDownLatch synced = new CountDownLatch(1);
    private final List<Runnable> onSynced = new CopyOnWriteArrayList<>();
    private volatile boolean running;
    private volatile boolean connected;
    private volatile KafkaConsumer<String, byte[]> consumer;
    private Thread thread;

    public KafkaInformer(String bootstrapServers, String clientId) {
        this.bootstrapServers = bootstrapServers;
        this.clientId = clientId;
    }

    /** Registers a resource to follow; call before {@link #start()}. Returns its cache. */
    public synchronized <T extends HasMetadata> Store<T> watch(ResourceType<T> type) {
        @SuppressWarnings("unchecked")
        Registration<T> existing = (Registration<T>) byTopic.get(type.topic());
        if (existing != null) {
            return existing.store;
        }
        Registration<T> registration = new Registration<>(type);
        byTopic.put(type.topic(), registration);
        return registration.store;
    }

    @SuppressWarnings("unchecked")
    public <T extends HasMetadata> void addHandler(ResourceType<T> type, ResourceEventHandler<T> handler) {
        Registration<T> registration = (Registration<T>) byTopic.get(type.topic());
        if (registration == null) {
            throw new IllegalStateException("watch(" + type.plural() + ") before adding a handler");
        }
        registration.handlers.add(handler);
    }

    @SuppressWarnings("unchecked")
    public <T extends HasMetadata> Store<T> store(ResourceType<T> type) {
        return ((Registration<T>) byTopic.get(type.topic())).store;
    }

    public synchronized void start() {
        if (running) {
            return;
        }
        running = true;
        thread = new Thread(this::run, "informer-" + clientId);
        thread.setDaemon(true);
        thread.start();
    }

    public boolean hasSynced() {
        return synced.getCount() == 0;
    }

    /** True once the broker answered and the topics' partitions were found. */
    public boolean isConnected() {
        return connected;
    }

    /**
     * Runs {@code action} on the informer thread once the cache holds everything the topics held at start (at
     * once, on the caller's thread, if that already happened): where controllers and schedulers start work.
     */
    public void onSynced(Runnable action) {
        synchronized (onSynced) {
            if (!hasSynced()) {
                onSynced.add(action);
                return;
            }
        }
        action.run();
    }

    public boolean awaitSynced(Duration timeout) throws InterruptedException {
        return synced.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        running = false;
        KafkaConsumer<String, byte[]> c = consumer;
        if (c != null) {
            c.wakeup();
        }
        if (thread != null) {
            try {
                thread.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void run() {
        while (running) {
            try (KafkaConsumer<String, byte[]> c = new KafkaConsumer<>(consumerProperties())) {
                consumer = c;
                List<TopicPartition> partitions = waitForPartitions(c);
                if (partitions == null) {
                    return;
                }
                c.assign(partitions);
                c.seekToBeginning(partitions);
                Map<TopicPartition, Long> syncTargets = new HashMap<>(c.endOffsets(partitions));
                connected = true;
                LOG.infof("informer %s reading %d topics from the beginning", clientId, byTopic.size());
                pollLoop(c, syncTargets);
            } catch (WakeupException e) {
                return;
            } catch (RuntimeException e) {
                connected = false;
                LOG.warnf("informer %s lost Kafka (%s); reconnecting", clientId, e.toString());
                sleep(1_000);
            }
        }
    }

    private List<TopicPartition> waitForPartitions(KafkaConsumer<String, byte[]> c) {
        while (running) {
            List<TopicPartition> partitions = new ArrayList<>();
            boolean allFound = true;
            for (String topic : byTopic.keySet()) {
                List<PartitionInfo> infos = c.partitionsFor(topic, Duration.ofSeconds(10));
                if (infos == null || infos.isEmpty()) {
                    allFound = false;
                    LOG.infof("informer %s waiting for topic %s", clientId, topic);
                    break;
                }
                infos.forEach(p -> partitions.add(new TopicPartition(p.topic(), p.partition())));
            }
            if (allFound) {
                return partitions;
            }
            sleep(1_000);
        }
        return null;
    }

    private void pollLoop(KafkaConsumer<String, byte[]> c, Map<TopicPartition, Long> syncTargets) {
        markSyncedIfCaughtUp(c, syncTargets);
        while (running) {
            ConsumerRecords<String, byte[]> records = c.poll(Duration.ofMillis(500));
            for (ConsumerRecord<String, byte[]> record : records) {
                Registration<?> registration = byTopic.get(record.topic());
                try {
                    registration.apply(record);
                } catch (RuntimeException e) {
                    LOG.errorf(e, "informer %s could not apply %s@%d key %s", clientId, record.topic(),
                            record.offset(), record.key());
                }
            }
            if (!syncTargets.isEmpty()) {
                markSyncedIfCaughtUp(c, syncTargets);
            }
        }
    }

    private void markSyncedIfCaughtUp(KafkaConsumer<String, byte[]> c, Map<TopicPartition, Long> syncTargets) {
        syncTargets.entrySet().removeIf(e -> c.position(e.getKey()) >= e.getValue());
        if (syncTargets.isEmpty() && synced.getCount() > 0) {
            synchronized (onSynced) {
                synced.countDown();
            }
            int objects = byTopic.values().stream().mapToInt(r -> r.store.size()).sum();
            LOG.infof("informer %s synced: %d objects cached", clientId, objects);
            onSynced.forEach(Runnable::run);
            onSynced.clear();
        }
    }

    private Properties consumerProperties() {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId);
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 2_000);
        return p;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** One followed resource: its cache, its handlers and the newest resourceVersion seen per key. */
    private static final class Registration<T extends HasMetadata> {
        static final int MAX_DELETED = 100_000;
        final ResourceType<T> type;
        final Store<T> store = new Store<>();
        final List<ResourceEventHandler<T>> handlers = new CopyOnWriteArrayList<>();
        // Touched by the informer thread only. The newest resourceVersion per live key, and per recently deleted
        // key, so a redelivered older event cannot resurrect a deleted object; deleted keys are kept only for the
        // newest MAX_DELETED deletions (generated pod names are rarely reused: keeping all would grow without end
        // under churn).
        final Map<String, Long> newestVersion = new HashMap<>();
        final Map<String, Long> deletedVersion = new LinkedHashMap<>() {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Long> eldest) {
                return size() > MAX_DELETED;
            }
        };

        Registration(ResourceType<T> type) {
            this.type = type;
        }

        void apply(ConsumerRecord<String, byte[]> record) {
            String key = record.key();
            if (record.value() == null) {
                forget(key, newestVersion.get(key));
                T removed = store.remove(key);
                if (removed != null) {
                    handlers.forEach(h -> h.onDelete(removed));
                }
                return;
            }
            T object = Json.read(record.value(), type.modelClass());
            long version = Long.parseLong(object.getMetadata().getResourceVersion());
            Long held = newestVersion.containsKey(key) ? newestVersion.get(key) : deletedVersion.get(key);
            if (held != null && version <= held) {
                return;
            }
            EventType event = EventType.from(record.headers());
            if (event == EventType.DELETED) {
                forget(key, version);
                T removed = store.remove(key);
                if (removed != null) {
                    handlers.forEach(h -> h.onDelete(object));
                }
                return;
            }
            newestVersion.put(key, version);
            deletedVersion.remove(key);
            T previous = store.put(key, object);
            if (previous == null) {
                handlers.forEach(h -> h.onAdd(object));
            } else {
                handlers.forEach(h -> h.onUpdate(previous, object));
            }
        }

        private void forget(String key, Long version) {
            newestVersion.remove(key);
            if (version != null) {
                deletedVersion.put(key, version);
            }
        }
    }
}
