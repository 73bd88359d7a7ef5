package io.quarkube.controllermanager.daemonset;

import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.quarkube.controllermanager.controller.ControllerRefs;
import io.quarkube.controllermanager.controller.Expectations;
import io.quarkube.controllermanager.controller.PodControl;
import io.quarkube.controllermanager.controller.PodDeletions;
import io.quarkube.controllermanager.controller.PodTemplates;
import io.quarkube.controllermanager.controller.SlowStart;
import org.jboss.logging.Logger;

import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;

/**
 * Kubernetes' syncNodes: expects, then makes, at most burstReplicas creations (one pod pinned to each node, in
 * slow-start batches) and deletions; creations that fail or are skipped and deletions that fail are no longer
 * expected. Returns the first failure so that the sync retries with backoff.
 */
public final class DaemonPodWrites {
    private static final Logger LOG = Logger.getLogger(DaemonPodWrites.class);

    private final PodControl podControl;
    private final Expectations expectations;
    private final Executor executor;
    private final int burstReplicas;

    public DaemonPodWrites(PodControl podControl, Expectations expectations, Executor executor, int burstReplicas) {
        this.podControl = podControl;
        this.expectations = expectations;
        this.executor = executor;
        this.burstReplicas = burstReplicas;
    }

    RuntimeException sync(String key, DaemonSet ds, List<Pod> podsToDelete, List<String> nodesNeedingPods,
                          String hash) {
        if (podsToDelete.isEmpty() && nodesNeedingPods.isEmpty()) {
            return null;
        }
        int createCount = Math.min(nodesNeedingPods.size(), burstReplicas);
        List<Pod> deletions = podsToDelete.stream().distinct().limit(burstReplicas).toList();
        // expect before acting: the informer may report a new pod before createPod even returns
        expectations.expect(key, createCount, deletions.stream().map(p -> p.getMetadata().getUid()).toList());
        RuntimeException error = null;
        if (createCount > 0) {
            LOG.infof("DaemonSet %s: creating %d pods on %s", key, createCount, nodesNeedingPods.subList(0, createCount));
            PodTemplateSpec template = DaemonPods.podTemplate(ds.getSpec().getTemplate(),
                    DaemonPods.templateGeneration(ds), hash);
            OwnerReference ref = ControllerRefs.newControllerRef(ds, DaemonSetSync.API_VERSION, DaemonSetSync.KIND);
            Queue<String> targets = new ConcurrentLinkedQueue<>(nodesNeedingPods.subList(0, createCount));
            SlowStart.Outcome outcome = SlowStart.run(createCount, 1, executor, () -> {
                Pod pod = PodTemplates.newPod(template, ds, ref);
                pod.getSpec().setAffinity(DaemonPods.pinToNode(pod.getSpec().getAffinity(), targets.remove()));
                podControl.createPod(pod);
            });
            int notCreated = createCount - outcome.successes();
            if (notCreated > 0) {
                expectations.lowerCreations(key, notCreated);
            }
            error = outcome.firstError();
        }
        if (!deletions.isEmpty()) {
            LOG.infof("DaemonSet %s: deleting %d pods", key, deletions.size());
            RuntimeException deleteError = PodDeletions.deleteAll(podControl, expectations, key, deletions, executor);
            error = error == null ? deleteError : error;
        }
        return error;
    }
}
