package io.quarkube.apiserver.relay;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Not ready while committed changes cannot reach Kafka (the database has its own check from Agroal). */
@Readiness
@ApplicationScoped
public class KafkaReadiness implements HealthCheck {
    private final OutboxRelay relay;

    public KafkaReadiness(OutboxRelay relay) {
        this.relay = relay;
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("kafka-outbox-relay").status(relay.isConnected())
                .withData("published", relay.publishedCount()).build();
    }
}
