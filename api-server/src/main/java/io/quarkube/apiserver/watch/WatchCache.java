package io.quarkube.apiserver.watch;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.quarkube.api.ObjectKey;
import io.quarkube.api.ResourceType;
import io.quarkube.api.Resources;
import io.quarkube.api.informer.KafkaInformer;
import io.quarkube.api.informer.ResourceEventHandler;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Serves watches from memory, fed by the same Kafka topics every component reads, so that many watchers never
 * touch PostgreSQL. Per resource it keeps the current objects and the last {@code quarkube.watch.history}
 * changes; a watch from an older resourceVersion gets 410 Expired and the client relists.
 */
@ApplicationScoped
public class WatchCache {
    private static final Logger LOG = Logger.getLogger(WatchCache.class);

    private final KafkaInformer informer;
    private final Map<ResourceType<?>, ResourceHistory> histories = new HashMap<>();

    public WatchCache(@ConfigProperty(name = "kafka.bootstrap.servers") String bootstrapServers,
                      @ConfigProperty(name = "quarkube.watch.history", defaultValue = "10000") int history) {
        this.informer = new KafkaInformer(bootstrapServers, "api-server-watch-cache");
        for (ResourceType<? extends HasMetadata> type : Resources.ALL) {
            histories.put(type, new ResourceHistory(history));
        }
    }

    void start(@Observes StartupEvent event) {
        for (ResourceType<? extends HasMetadata> type : Resources.ALL) {
            follow(type);
        }
        informer.onSynced(() -> {
            histories.values().forEach(ResourceHistory::goLive);
            LOG.info("watch cache live");
        });
        informer.start();
    }

    void stop(@Observes ShutdownEvent event) {
        informer.close();
    }

    public boolean isReady() {
        return informer.isConnected() && informer.hasSynced();
    }

    /** See {@link ResourceHistory#subscribe}: false means the version is too old (410). */
    public boolean subscribe(ResourceType<?> type, long fromVersion, Consumer<WatchEvent> watcher) {
        return histories.get(type).subscribe(fromVersion, watcher);
    }

    public void unsubscribe(ResourceType<?> type, Consumer<WatchEvent> watcher) {
        histories.get(type).unsubscribe(watcher);
    }

    /** The newest resourceVersion this cache has seen of a resource: a safe bookmark. */
    public long latest(ResourceType<?> type) {
        return histories.get(type).latest();
    }

    public long completeFrom(ResourceType<?> type) {
        return histories.get(type).completeFrom();
    }

    private <T extends HasMetadata> void follow(ResourceType<T> type) {
        ResourceHistory history = histories.get(type);
        informer.watch(type);
        informer.addHandler(type, new ResourceEventHandler<>() {
            @Override
            public void onAdd(T object) {
                record(history, object, null, WatchEvent.Type.ADDED);
            }

            @Override
            public void onUpdate(T oldObject, T newObject) {
                record(history, newObject, oldObject, WatchEvent.Type.MODIFIED);
            }

            @Override
            public void onDelete(T lastState) {
                record(history, lastState, lastState, WatchEvent.Type.DELETED);
            }
        });
    }

    private void record(ResourceHistory history, HasMetadata object, HasMetadata previous, WatchEvent.Type type) {
        String key = ObjectKey.of(object).toString();
        long version = ResourceHistory.version(object);
        if (!history.isLive()) {
            history.seed(key, type == WatchEvent.Type.DELETED ? null : object, version);
            return;
        }
        history.append(key, new WatchEvent(type, object, previous, version));
    }
}
