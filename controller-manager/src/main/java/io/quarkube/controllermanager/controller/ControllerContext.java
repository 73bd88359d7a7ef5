package io.quarkube.controllermanager.controller;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.quarkube.api.ResourceType;
import io.quarkube.api.client.ApiClient;
import io.quarkube.api.events.EventBroadcaster;
import io.quarkube.api.events.EventRecorder;
import io.quarkube.api.informer.KafkaInformer;
import io.quarkube.api.informer.ResourceEventHandler;
import io.quarkube.controllermanager.ControllerManagerConfig;

import java.time.Clock;
import java.util.concurrent.Executor;

/**
 * What every controller is wired from: the shared informer (one cache per kind, whoever asks first), the API
 * client, events, the clock, settings and the shared pod-write threads. A controller's setup registers its
 * handlers here before the informer starts and returns its runner.
 */
public record ControllerContext(KafkaInformer informer, ApiClient api, EventBroadcaster events, Clock clock,
                                ControllerManagerConfig config, Executor podWrites) {

    /** The cache of a kind (shared between controllers: the informer keeps one store per kind). */
    public <T extends HasMetadata> Lister<T> lister(ResourceType<T> type) {
        return Lister.of(informer.watch(type));
    }

    public <T extends HasMetadata> void addHandler(ResourceType<T> type, ResourceEventHandler<T> handler) {
        informer.watch(type);
        informer.addHandler(type, handler);
    }

    /** Events reported with source.component = the controller's name, e.g. "deployment-controller". */
    public EventRecorder recorder(String component) {
        return events.recorder(component);
    }
}
