package io.quarkube.controllermanager;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.quarkube.api.ResourceType;
import io.quarkube.api.Resources;
import io.quarkube.api.client.ApiClient;
import io.quarkube.api.informer.KafkaInformer;
import io.quarkube.api.leaderelection.LeaderElectionConfig;
import io.quarkube.api.leaderelection.LeaderElector;
import io.quarkube.api.leaderelection.LeadershipGate;
import io.quarkube.controllermanager.controller.Caches;
import io.quarkube.controllermanager.controller.ControllerContext;
import io.quarkube.controllermanager.controller.ControllerRunner;
import io.quarkube.controllermanager.controller.ControllerSetup;
import io.quarkube.controllermanager.controller.Lister;
import io.quarkube.controllermanager.controller.ObjectControl;
import io.quarkube.controllermanager.controller.RealObjectControl;
import io.quarkube.api.events.EventBroadcaster;
import io.quarkube.controllermanager.gc.GarbageCollector;
import io.quarkube.controllermanager.gc.DependentsIndex;
import io.quarkube.controllermanager.gc.GarbageCollectorSync;
import io.quarkube.controllermanager.gc.OwnerLookup;
import io.quarkube.controllermanager.namespace.NamespaceController;
import io.quarkube.controllermanager.namespace.NamespaceSync;
import io.quarkube.controllermanager.replicaset.ReplicaSetController;
import io.quarkube.controllermanager.deployment.DeploymentController;
import io.quarkube.controllermanager.nodelifecycle.NodeLifecycleController;
import io.quarkube.controllermanager.podgc.PodGarbageCollector;
import io.quarkube.controllermanager.daemonset.DaemonSetController;
import io.quarkube.controllermanager.job.JobController;
import io.quarkube.controllermanager.job.OrphanPodController;
import io.quarkube.controllermanager.job.TtlAfterFinishedController;
import io.quarkube.controllermanager.statefulset.StatefulSetController;
import io.quarkube.controllermanager.volume.LocalPathBinder;
import io.quarkube.controllermanager.cronjob.CronJobController;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.Startup;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Wires the controllers to the informer and starts their workers once the informer has synced (acting on a
 * half-read cache would create pods that exist already); the workers sync only while this replica holds the
 * kube-system/kube-controller-manager Lease, so two replicas never both act. Waiting runs on a background thread so that Quarkus
 * starts and answers health checks while Kafka is unreachable.
 */
@Startup
@Singleton
public class ControllerManager {
    private static final Logger LOG = Logger.getLogger(ControllerManager.class);

    private final KafkaInformer informer;
    private final EventBroadcaster events;
    private final ApiClient api;
    private final ControllerManagerConfig config;
    private final ExecutorService podWrites;
    private List<ControllerRunner> runners = List.of();
    private final LeadershipGate leadership;
    private final LeaderElector elector;
    private volatile boolean stopping;

    public ControllerManager(KafkaInformer informer, ApiClient api, ControllerManagerConfig config,
                             EventBroadcaster events) {
        this.events = events;
        this.informer = informer;
        this.api = api;
        this.config = config;
        AtomicInteger counter = new AtomicInteger();
        this.podWrites = Executors.newFixedThreadPool(config.podWriteThreads(), r -> {
            Thread t = new Thread(r, "pod-writes-" + counter.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        ControllerManagerConfig.LeaderElection election = config.leaderElection();
        this.leadership = new LeadershipGate(!election.enabled());
        this.elector = !election.enabled() ? null : new LeaderElector(api,
                LeaderElectionConfig.builder(election.leaseName()).namespace(election.leaseNamespace())
                        .leaseDuration(election.leaseDuration()).renewDeadline(election.renewDeadline())
                        .retryPeriod(election.retryPeriod())
                        .onStartedLeading(() -> leadership.set(true))
                        .onStoppedLeading(() -> leadership.set(false))
                        .build());
    }

    /** Every controller this process runs; each registers its caches and handlers, then waits for the Lease. */
    private static final List<ControllerSetup> CONTROLLERS = List.of(
            ReplicaSetController::setUp,
            DaemonSetController::setUp,
            NodeLifecycleController::setUp,
            PodGarbageCollector::setUp,
            JobController::setUp,
            OrphanPodController::setUp,
            TtlAfterFinishedController::setUp,
            DeploymentController::setUp,
            StatefulSetController::setUp,
            LocalPathBinder::setUp,
            CronJobController::setUp
    );

    @PostConstruct
    void start() {
        ControllerContext context = new ControllerContext(informer, api, events, Clock.systemUTC(), config,
                podWrites);
        List<ControllerRunner> all = new ArrayList<>();
        for (ControllerSetup setup : CONTROLLERS) {
            all.add(setup.setUp(context));
        }
        Caches caches = Caches.following(informer, Resources.ALL);
        ObjectControl objects = new RealObjectControl(api);
        all.add(garbageCollector(caches, objects));
        all.add(namespaceController(caches, objects));
        runners = List.copyOf(all);
        informer.start();
        informer.onSynced(this::startWhenSynced);
    }

    /** Follows every kind: any object may own, or depend on, any other. */
    private ControllerRunner garbageCollector(Caches caches, ObjectControl objects) {
        DependentsIndex dependents = new DependentsIndex();
        OwnerLookup owners = OwnerLookup.cachedThenLive(caches, objects);
        ControllerRunner runner = ControllerRunner.create("garbage-collector", config.gcWorkers(),
                queue -> new GarbageCollectorSync(caches, dependents, owners, objects, queue));
        GarbageCollector gc = new GarbageCollector(dependents, runner);
        for (ResourceType<? extends HasMetadata> type : caches.types()) {
            addGcHandler(type, gc);
        }
        return runner;
    }

    private <T extends HasMetadata> void addGcHandler(ResourceType<T> type, GarbageCollector gc) {
        informer.addHandler(type, gc.handler(type));
    }

    private ControllerRunner namespaceController(Caches caches, ObjectControl objects) {
        Lister<Namespace> namespaces = caches.lister(Resources.NAMESPACES);
        ControllerRunner runner = new ControllerRunner("namespace",
                new NamespaceSync(namespaces, caches, objects, config.namespaceRecheck()), config.namespaceWorkers());
        NamespaceController controller = new NamespaceController(namespaces, runner);
        informer.addHandler(Resources.NAMESPACES, controller.namespaceHandler());
        for (ResourceType<? extends HasMetadata> type : caches.types()) {
            if (type.namespaced()) {
                informer.addHandler(type, controller.contentHandler());
            }
        }
        return runner;
    }

    private void startWhenSynced() {
        synchronized (this) {
            if (!stopping) {
                runners.forEach(runner -> runner.start(leadership));
                if (elector != null) {
                    LOG.info("informer synced; controllers run once this replica holds the controller-manager Lease");
                    elector.start();
                } else {
                    LOG.info("informer synced; controllers running (leader election disabled)");
                }
            }
        }
    }

    void stop(@Observes ShutdownEvent event) {
        synchronized (this) {
            stopping = true;
        }
        if (elector != null) {
            elector.close(); // stops the controllers, then releases the Lease so a standby takes over at once
        }
        leadership.close();
        runners.forEach(ControllerRunner::close);
        podWrites.shutdownNow();
    }
}
