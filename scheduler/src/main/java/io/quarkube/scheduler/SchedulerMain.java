package io.quarkube.scheduler;

import io.fabric8.kubernetes.api.model.Namespace;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkube.api.Resources;
import io.quarkube.api.client.ApiClient;
import io.quarkube.api.events.EventRecorder;
import io.quarkube.api.informer.KafkaInformer;
import io.quarkube.api.informer.Store;
import io.quarkube.api.leaderelection.LeaderElectionConfig;
import io.quarkube.api.leaderelection.LeaderElector;
import io.quarkube.scheduler.cache.SchedulerCache;
import io.quarkube.scheduler.core.Scheduler;
import io.quarkube.scheduler.core.SchedulerMetrics;
import io.quarkube.scheduler.core.SchedulingAlgorithm;
import io.quarkube.scheduler.metrics.MicrometerSchedulerMetrics;
import io.quarkube.scheduler.plugins.DefaultPlugins;
import io.quarkube.scheduler.queue.SchedulingQueue;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.Startup;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.util.Map;

/**
 * Wires the scheduler: registers pods, nodes and namespaces with the informer, starts it, and once it has synced
 * (before that the cache would miss bound pods and overcommit nodes) runs the scheduling loop and competes for
 * the kube-system/kube-scheduler Lease: only the holder schedules, the others keep their caches warm and take
 * over when the Lease runs out (or at once when the holder shuts down and releases it). Waiting happens on a
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
    private final LeaderElector elector;
    private final String schedulerName;
    private volatile boolean stopping;

    public SchedulerMain(KafkaInformer informer, ApiClient apiClient, EventRecorder events, SchedulerConfig config,
                         MeterRegistry registry) {
        this.informer = informer;
        this.schedulerName = config.schedulerName();
        Clock clock = Clock.systemUTC();
        this.cache = new SchedulerCache(clock, config.assumedPodTtl());
        this.queue = new SchedulingQueue(clock, config.initialBackoff(), config.maxBackoff(),
                config.unschedulableRetry());
        Store<Namespace> namespaces = informer.watch(Resources.NAMESPACES);
        DefaultPlugins.Handle handle = new DefaultPlugins.Handle(name -> namespaceLabels(namespaces, name));
        SchedulingAlgorithm algorithm = new SchedulingAlgorithm(DefaultPlugins.framework(handle),
                config.percentageOfNodesToScore());
        SchedulerMetrics metrics = new MicrometerSchedulerMetrics(registry, queue, this::isLeading);
        this.scheduler = new Scheduler(queue, cache, algorithm, new ApiSchedulerClient(apiClient, clock),
                config.bindThreads(), events, metrics, clock);
        SchedulerConfig.LeaderElection election = config.leaderElection();
        if (election.enabled()) {
            scheduler.setLeading(false);
            this.elector = new LeaderElector(apiClient, LeaderElectionConfig.builder(election.leaseName())
                    .namespace(election.leaseNamespace())
                    .leaseDuration(election.leaseDuration()).renewDeadline(election.renewDeadline())
                    .retryPeriod(election.retryPeriod())
                    .onStartedLeading(() -> scheduler.setLeading(true))
                    .onStoppedLeading(() -> scheduler.setLeading(false))
                    .build());
        } else {
            this.elector = null;
        }
    }

    /** A namespace's labels for namespaceSelectors in affinity terms; null when there is no such namespace. */
    private static Map<String, String> namespaceLabels(Store<Namespace> namespaces, String name) {
        return namespaces.get(null, name)
                .map(ns -> ns.getMetadata().getLabels() == null ? Map.<String, String>of() : ns.getMetadata().getLabels())
                .orElse(null);
    }

    boolean isLeading() {
        return scheduler != null && scheduler.isLeading();
    }

    @PostConstruct
    void start() {
        SchedulerEventHandlers handlers = new SchedulerEventHandlers(cache, queue, schedulerName);
        informer.watch(Resources.PODS);
        informer.watch(Resources.NODES);
        informer.addHandler(Resources.PODS, handlers.pods());
        informer.addHandler(Resources.NODES, handlers.nodes());
        informer.start();
        informer.onSynced(this::startWhenSynced);
    }

    private void startWhenSynced() {
        synchronized (this) {
            if (stopping) {
                return;
            }
            scheduler.start();
            if (elector != null) {
                LOG.info("informer synced; competing for the scheduler Lease");
                elector.start();
            } else {
                LOG.info("informer synced; scheduling (leader election disabled)");
            }
        }
    }

    void stop(@Observes ShutdownEvent event) {
        synchronized (this) {
            stopping = true;
        }
        if (elector != null) {
            elector.close(); // stops scheduling, then releases the Lease so a standby takes over at once
        }
        scheduler.close();
    }
}
