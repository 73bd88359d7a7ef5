package io.quarkube.kubelet.config;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkube.api.Resources;
import io.quarkube.api.client.ApiClient;
import io.quarkube.api.events.EventRecorder;
import io.quarkube.api.informer.KafkaInformer;
import io.quarkube.api.informer.Store;
import io.quarkube.kubelet.logs.ContainerLogs;
import io.quarkube.kubelet.node.LocalNodes;
import io.quarkube.kubelet.node.NodeLeases;
import io.quarkube.kubelet.node.NodeRegistrar;
import io.quarkube.kubelet.node.NodeStatusFactory;
import io.quarkube.kubelet.node.NodeStatusReporter;
import io.quarkube.kubelet.node.PodIpAllocator;
import io.quarkube.kubelet.podworkers.CrashBackoff;
import io.quarkube.kubelet.podworkers.KubeletPodSyncer;
import io.quarkube.kubelet.podworkers.ProbesAndHooks;
import io.quarkube.kubelet.podworkers.SerialPodWorkers;
import io.quarkube.kubelet.prober.Timers;
import io.quarkube.kubelet.runtime.ContainerRuntime;
import io.quarkube.kubelet.runtime.PodDirs;
import io.quarkube.kubelet.runtime.ProcessRuntime;
import io.quarkube.kubelet.runtime.ProcessRuntimeOptions;
import io.quarkube.kubelet.runtime.SimulatedRuntime;
import io.quarkube.kubelet.staticpods.MirrorPodManager;
import io.quarkube.kubelet.staticpods.StaticPodSource;
import io.quarkube.kubelet.status.StatusManager;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/** Wires the plain-Java parts of the kubelet (they have no CDI in them, so tests build them by hand). */
@ApplicationScoped
public class KubeletBeans {
    /** Quarkus has its own ScheduledExecutorService bean; ours is told apart by name. */
    static final String TIMERS = "kubelet-timers";

    @Produces
    @Singleton
    LocalNodes localNodes(KubeletConfig config) {
        return new LocalNodes(config.nodeNamePrefix(), config.nodeCount());
    }

    @Produces
    @Singleton
    PodDirs podDirs(KubeletConfig config) {
        return new PodDirs(Path.of(config.workDir()));
    }

    /** The pods informer cache; registering it here makes it exist before the informer starts. */
    @Produces
    @Singleton
    Store<Pod> pods(KafkaInformer informer) {
        return informer.watch(Resources.PODS);
    }

    @Produces
    @Singleton
    Store<Node> nodes(KafkaInformer informer) {
        return informer.watch(Resources.NODES);
    }

    /** Restart backoffs, simulated container timers, SIGKILL after grace periods. */
    @Produces
    @Singleton
    @Named(TIMERS)
    ScheduledExecutorService timers() {
        return Executors.newScheduledThreadPool(2, daemon("kubelet-timer"));
    }

    void closeTimers(@Disposes @Named(TIMERS) ScheduledExecutorService timers) {
        timers.shutdownNow();
    }

    /** The container logs being written, shared by the runtime (writes) and the log endpoint (reads). */
    @Produces
    @Singleton
    ContainerLogs containerLogs() {
        return new ContainerLogs(Clock.systemUTC());
    }

    @Produces
    @Singleton
    ContainerRuntime runtime(KubeletConfig config, PodDirs dirs, ContainerLogs logs,
                             @Named(TIMERS) ScheduledExecutorService timers) {
        return switch (config.runtime()) {
            case PROCESS -> new ProcessRuntime(dirs, logs, timers, Clock.systemUTC(), new ProcessRuntimeOptions(
                    config.process().isolation(), config.process().userNamespaces(), config.capacity().cpu(),
                    config.capacity().memory()));
            case SIMULATED -> new SimulatedRuntime(timers, Clock.systemUTC(), config.simulatedStartDelay());
        };
    }

    @Produces
    @Singleton
    StatusManager statusManager(ApiClient api, Store<Pod> pods) {
        return new StatusManager(api, pods::get);
    }

    @Produces
    @Singleton
    SerialPodWorkers podWorkers(KubeletConfig config, LocalNodes nodes, ContainerRuntime runtime,
                                StatusManager statusManager, EventRecorder events,
                                @Named(TIMERS) ScheduledExecutorService timers) {
        ExecutorService executor = Executors.newFixedThreadPool(config.podWorkerThreads(), daemon("kubelet-pod-worker"));
        // probes and hooks: ticks on the shared timers, blocking checks on their own small pools
        ProbesAndHooks probesAndHooks = ProbesAndHooks.of(runtime, Clock.systemUTC(), events, Timers.of(timers));
        KubeletPodSyncer syncer = new KubeletPodSyncer(runtime, statusManager, new PodIpAllocator(nodes),
                Clock.systemUTC(), CrashBackoff::new, events, probesAndHooks);
        return new SerialPodWorkers(syncer, executor, timers);
    }

    @Produces
    @Singleton
    NodeRegistrar nodeRegistrar(KubeletConfig config, ApiClient api, Store<Node> nodes, LocalNodes localNodes,
                                ContainerRuntime runtime, @ConfigProperty(name = "quarkus.http.port") int httpPort,
                                MeterRegistry meters) {
        NodeStatusFactory factory = new NodeStatusFactory(localNodes, config.capacity().cpu(),
                config.capacity().memory(), config.capacity().pods(), runtime.name(), httpPort);
        NodeStatusReporter reporter = new NodeStatusReporter(api, nodes, factory, Clock.systemUTC(),
                config.nodeStatusReportFrequency());
        NodeLeases leases = new NodeLeases(api, Clock.systemUTC(), config.nodeLeaseDurationSeconds());
        return new NodeRegistrar(api, factory, localNodes, reporter, leases, config.heartbeatInterval(),
                config.heartbeatThreads(), meters);
    }

    /** Static pods run on the first node of this agent, as a kubelet's are on its own node. */
    @Produces
    @Singleton
    StaticPodSource staticPods(KubeletConfig config, LocalNodes nodes, SerialPodWorkers workers) {
        return new StaticPodSource(config.staticPodPath().filter(p -> !p.isBlank()).map(Path::of),
                nodes.names().get(0), workers, config.staticPodCheckInterval(), Clock.systemUTC());
    }

    @Produces
    @Singleton
    MirrorPodManager mirrorPods(KubeletConfig config, ApiClient api, Store<Pod> pods, LocalNodes nodes,
                                StaticPodSource staticPods, NodeRegistrar registrar, StatusManager statusManager) {
        return new MirrorPodManager(api, pods, nodes, staticPods::snapshot, registrar::nodeUid,
                statusManager::mirrorCreated, config.staticPodCheckInterval());
    }

    private static ThreadFactory daemon(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
