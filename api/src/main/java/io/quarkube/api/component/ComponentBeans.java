package io.quarkube.api.component;

import io.quarkube.api.client.ApiClient;
import io.quarkube.api.informer.KafkaInformer;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.config.inject.ConfigProperty;

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
                        @ConfigProperty(name = "quarkube.api-server.token") Optional<String> token) {
        return new ApiClient(url, token.orElse(""));
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
