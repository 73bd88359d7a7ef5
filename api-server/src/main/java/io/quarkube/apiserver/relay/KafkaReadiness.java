package io.quarkube.apiserver.relay;

import io.quarkube.apiserver.watch.WatchCache;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Not ready while committed changes cannot reach Kafka or the watch cache has not read them back (the database
 * has its own check from Agroal).
 */
@Readiness
@ApplicationScoped
public class KafkaReadiness implements HealthCheck {
    private final OutboxRelay relay;
    private final WatchCache watchCache;

    public KafkaReadiness(OutboxRelay relay, WatchCache watchCache) {
        this.relay = relay;
        this.watchCache = watchCache;
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("kafka").status(relay.isConnected() && watchCache.isReady())
                .withData("published", relay.publishedCount())
                .withData("watchCacheReady", watchCache.isReady()).build();
    }
}
