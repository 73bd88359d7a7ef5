package io.quarkube.kubelet;

import io.quarkube.api.Resources;
import io.quarkube.api.informer.KafkaInformer;
import io.quarkube.kubelet.config.KubeletConfig;
import io.quarkube.kubelet.config.PodSource;
import io.quarkube.kubelet.node.LocalNodes;
import io.quarkube.kubelet.node.NodeRegistrar;
import io.quarkube.kubelet.podworkers.SerialPodWorkers;
import io.quarkube.kubelet.runtime.ContainerRuntime;
import io.quarkube.kubelet.status.StatusManager;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import org.jboss.logging.Logger;

/**
 * Starts the kubelet: the informer feeds pods bound to our nodes to the pod workers, the status manager writes
 * what they observe, the registrar registers and heartbeats the nodes. None of it waits for the api-server or Kafka.
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

    public KubeletAgent(KubeletConfig config, KafkaInformer informer, LocalNodes nodes,
                        NodeRegistrar registrar, StatusManager statusManager, SerialPodWorkers workers,
                        ContainerRuntime runtime) {
        this.informer = informer;
        this.registrar = registrar;
        this.statusManager = statusManager;
        this.workers = workers;
        this.runtime = runtime;
        // the producers of the status manager and registrar watched pods and nodes; handlers go in before start()
        informer.addHandler(Resources.PODS, new PodSource(nodes, workers));
        statusManager.start();
        registrar.start();
        informer.start();
        LOG.infof("kubelet agent serving %d node(s) %s..%s with the %s runtime (work dir %s)", nodes.names().size(),
                nodes.names().get(0), nodes.names().get(nodes.names().size() - 1), runtime.name(), config.workDir());
    }

    /** Host processes are our children: stop them, or they would outlive the agent as orphans. */
    void onStop(@Observes ShutdownEvent event) {
        registrar.close();
        informer.close();
        workers.stop();
        runtime.close();
        statusManager.close();
        LOG.infof("kubelet agent stopped (%d pods were known)", workers.knownPods());
    }
}
