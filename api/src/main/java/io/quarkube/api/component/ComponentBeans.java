package io.quarkube.api.component;

import io.quarkube.api.client.ApiClient;
import io.quarkube.api.events.EventBroadcaster;
import io.quarkube.api.events.EventRecorder;
import io.quarkube.api.informer.KafkaInformer;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.nio.file.Path;
import java.util.Optional;

/**
 * What every service gets from the api module: a client for the api-server (writes) and one informer over Kafka
 * (reads). A service registers the resources it follows with {@code informer.watch(..)} at startup, then starts it.
 */
@ApplicationScoped
public class ComponentBeans {

    @Produces
    @Singleton
    ApiClient apiClient(@ConfigProperty(name = "quarkube.api-server.url", defaultValue = "http://127.0.0.1:6443") String url,
                        @ConfigProperty(name = "quarkube.api-server.token") Optional<String> token,
                        @ConfigProperty(name = "quarkube.api-server.ca-file") Optional<String> caFile) {
        // With a CA file the api-server's certificate must be signed by it (the launcher's pki/ca.crt).
        return caFile.filter(f -> !f.isBlank())
                .map(f -> new ApiClient(url, token.orElse(""), Path.of(f.trim())))
                .orElseGet(() -> new ApiClient(url, token.orElse("")));
    }

    /** Sends the service's Events (one background thread, bounded queue). */
    @Produces
    @Singleton
    EventBroadcaster eventBroadcaster(ApiClient api) {
        return new EventBroadcaster(api);
    }

    void closeEventBroadcaster(@Disposes EventBroadcaster broadcaster) {
        broadcaster.close();
    }

    /**
     * Records Events with source.component {@code quarkube.events.component} (Kubernetes' names:
     * "default-scheduler", "kubelet"), else the application name.
     */
    @Produces
    @Singleton
    EventRecorder eventRecorder(EventBroadcaster broadcaster,
                                @ConfigProperty(name = "quarkube.events.component") Optional<String> component,
                                @ConfigProperty(name = "quarkus.application.name") String applicationName) {
        return broadcaster.recorder(component.filter(c -> !c.isBlank()).orElse(applicationName));
    }

    @Produces
    @Singleton
    KafkaInformer informer(@ConfigProperty(name = "kafka.bootstrap.servers") String bootstrapServers,
                           @ConfigProperty(name = "quarkus.application.name") String applicationName) {
        return new KafkaInformer(bootstrapServers, applicationName);
    }

    void closeInformer(@Disposes KafkaInformer informer) {
        informer.close();
    }
}
