package io.quarkube.api.component;

import io.quarkube.api.informer.KafkaInformer;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** A service is ready once its informer reached Kafka and has read what the topics held at start. */
@Readiness
@ApplicationScoped
public class InformerReadiness implements HealthCheck {
    private final KafkaInformer informer;

    public InformerReadiness(KafkaInformer informer) {
        this.informer = informer;
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("kafka-informer")
                .status(informer.isConnected() && informer.hasSynced())
                .withData("connected", informer.isConnected())
                .withData("synced", informer.hasSynced())
                .build();
    }
}
