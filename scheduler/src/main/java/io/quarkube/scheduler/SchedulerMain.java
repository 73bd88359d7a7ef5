package io.quarkube.scheduler;

import io.quarkube.api.Resources;
import io.quarkube.api.client.ApiClient;
import io.quarkube.api.events.EventRecorder;
import io.quarkube.api.informer.KafkaInformer;
import io.quarkube.scheduler.cache.SchedulerCache;
import io.quarkube.scheduler.core.Scheduler;
import io.quarkube.scheduler.plugins.DefaultPlugins;
import io.quarkube.scheduler.queue.SchedulingQueue;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.Startup;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import org.jboss.logging.Logger;

import java.time.Clock;

/**
 * Wires the scheduler: registers pods and nodes with the informer, starts it, and starts scheduling once the
 * informer has synced (before that the cache would miss bound pods and overcommit nodes). Waiting happens on a
 * background thread so that Quarkus starts (and answers health checks) while Kafka is unreachable.
 */
@Startup
@Singleton
public class SchedulerMain {
    private static final Logger LOG = Logger.getLogger(SchedulerMain.class);

    private final KafkaInformer informer;
    private final SchedulingQueue queue;
    private final Scheduler scheduler;
    private final SchedulerCache cache;
    private volatile boolean stopping;

    public SchedulerMain(KafkaInformer informer, ApiClient apiClient, EventRecorder events, SchedulerConfig config) {
        this.informer = informer;
        Clock clock = Clock.systemUTC();
        this.cache = new SchedulerCache(clock, config.assumedPodTtl());
        this.queue = new SchedulingQueue(clock, config.initialBackoff(), config.maxBackoff(),
                config.unschedulableRetry());
        this.scheduler = new Scheduler(queue, cache, DefaultPlugins.framework(), apiClient::bind, config.bindThreads(),
                events);
    }

    @PostConstruct
    void start() {
        SchedulerEventHandlers handlers = new SchedulerEventHandlers(cache, queue);
        informer.watch(Resources.PODS);
        informer.watch(Resources.NODES);
        informer.addHandler(Resources.PODS, handlers.pods());
        informer.addHandler(Resources.NODES, handlers.nodes());
        informer.start();
        informer.onSynced(this::startWhenSynced);
    }

    private void startWhenSynced() {
        synchronized (this) {
            if (!stopping) {
                LOG.info("informer synced; scheduling");
                scheduler.start();
            }
        }
    }

    void stop(@Observes ShutdownEvent event) {
        synchronized (this) {
            stopping = true;
        }
        scheduler.close();
    }
}
