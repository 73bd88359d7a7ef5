package io.quarkube.kubelet;

import io.quarkube.api.Resources;
import io.quarkube.api.informer.KafkaInformer;
import io.quarkube.kubelet.config.KubeletConfig;
import io.quarkube.kubelet.config.PodSource;
import io.quarkube.kubelet.node.LocalNodes;
import io.quarkube.kubelet.node.NodeRegistrar;
import io.quarkube.kubelet.podworkers.OrphanedSandboxes;
import io.quarkube.kubelet.podworkers.SerialPodWorkers;
import io.quarkube.kubelet.runtime.ContainerRuntime;
import io.quarkube.kubelet.staticpods.MirrorPodManager;
import io.quarkube.kubelet.staticpods.StaticPodSource;
import io.quarkube.kubelet.status.StatusManager;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import org.jboss.logging.Logger;

import java.util.HashSet;
import java.util.Set;

/**
 * Starts the kubelet: the informer feeds pods bound to our nodes to the pod workers, the static pod source feeds
 * them the manifests of the static pod directory (mirrored to the API by the mirror pod manager), the status
 * manager writes what they observe, the registrar registers the nodes and renews their Leases. None of it waits
 * for the api-server or Kafka.
 */
@Startup
@Singleton
public class KubeletAgent {
    private static final Logger LOG = Logger.getLogger(KubeletAgent.class);

    private final KafkaInformer informer;
    private final NodeRegistrar registrar;
    private final StatusManager statusManager;
    private final SerialPodWorkers workers;
    private final ContainerRuntime runtime;
    private final StaticPodSource staticPods;
    private final MirrorPodManager mirrorPods;

    public KubeletAgent(KubeletConfig config, KafkaInformer informer, LocalNodes nodes,
                        NodeRegistrar registrar, StatusManager statusManager, SerialPodWorkers workers,
                        ContainerRuntime runtime, StaticPodSource staticPods, MirrorPodManager mirrorPods) {
        this.informer = informer;
        this.staticPods = staticPods;
        this.mirrorPods = mirrorPods;
        this.registrar = registrar;
        this.statusManager = statusManager;
        this.workers = workers;
        this.runtime = runtime;
        // the producers of the status manager and registrar watched pods and nodes; handlers go in before start()
        informer.addHandler(Resources.PODS, mirrorPods);
        informer.addHandler(Resources.NODES, registrar);
        staticPods.addListener(mirrorPods::requestSync);
        statusManager.start();
        registrar.start();
        staticPods.start();
        mirrorPods.start();
        // Pods reach the workers once the informer holds each one's newest version: the replay of the topic hands
        // out older versions first, and a restarted agent must see the status its pods were left with (to take
        // their runs over), not a bound-but-Pending version it would start them again from. Then sandboxes an
        // earlier agent left for pods that are gone are removed. Both run on the informer thread, between events.
        PodSource podSource = new PodSource(nodes, workers);
        informer.onSynced(() -> {
            informer.store(Resources.PODS).list().forEach(podSource::onAdd);
            informer.addHandler(Resources.PODS, podSource);
            OrphanedSandboxes.removeInBackground(runtime, () -> podsToKeep(informer, nodes));
        });
        informer.start();
        LOG.infof("kubelet agent serving %d node(s) %s..%s with the %s runtime (work dir %s)", nodes.names().size(),
                nodes.names().get(0), nodes.names().get(nodes.names().size() - 1), runtime.name(), config.workDir());
    }

    /** The UIDs of the pods on our nodes (running or finished: their dirs hold logs) and of our static pods. */
    private Set<String> podsToKeep(KafkaInformer informer, LocalNodes nodes) {
        Set<String> keep = new HashSet<>();
        informer.store(Resources.PODS).list(p -> p.getSpec() != null && nodes.owns(p.getSpec().getNodeName()))
                .forEach(p -> keep.add(p.getMetadata().getUid()));
        StaticPodSource.Snapshot statics = staticPods.snapshot();
        if (statics != null) {
            statics.running().values().forEach(p -> keep.add(p.getMetadata().getUid()));
        }
        return keep;
    }

    /** Host processes are our children: stop them, or they would outlive the agent as orphans. */
    void onStop(@Observes ShutdownEvent event) {
        staticPods.close();
        mirrorPods.close();
        registrar.close();
        informer.close();
        workers.stop();
        runtime.close();
        statusManager.close();
        LOG.infof("kubelet agent stopped (%d pods were known)", workers.knownPods());
    }
}
