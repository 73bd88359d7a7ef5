package io.quarkube.e2e;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodList;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A watch on a namespace's pods (from a list, then every event after it) that checks at EVERY event the bounds
 * of a rolling update: pods neither terminating nor finished at most {@code maxPods}, and of those, Ready ones
 * at least {@code minAvailable}.
 */
final class DeploymentPodWatch implements Watcher<Pod>, AutoCloseable {
    private final int maxPods;
    private final int minAvailable;
    private final Map<String, Pod> pods = new HashMap<>();
    final List<String> violations = Collections.synchronizedList(new ArrayList<>());
    private Watch watch;
    private int events;
    private int mostPods;
    private int fewestAvailable = Integer.MAX_VALUE;
    private volatile WatcherException closedBy;

    private DeploymentPodWatch(int maxPods, int minAvailable) {
        this.maxPods = maxPods;
        this.minAvailable = minAvailable;
    }

    static DeploymentPodWatch start(KubernetesClient client, String namespace, int maxPods, int minAvailable) {
        DeploymentPodWatch w = new DeploymentPodWatch(maxPods, minAvailable);
        PodList list = client.pods().inNamespace(namespace).list();
        synchronized (w) {
            list.getItems().forEach(p -> w.pods.put(p.getMetadata().getName(), p));
            w.check("initial list");
        }
        w.watch = client.pods().inNamespace(namespace).withResourceVersion(list.getMetadata().getResourceVersion())
                .watch(w);
        return w;
    }

    @Override
    public synchronized void eventReceived(Action action, Pod pod) {
        events++;
        if (action == Action.DELETED) {
            pods.remove(pod.getMetadata().getName());
        } else if (action == Action.ADDED || action == Action.MODIFIED) {
            pods.put(pod.getMetadata().getName(), pod);
        }
        check(action + " " + pod.getMetadata().getName() + " rv " + pod.getMetadata().getResourceVersion());
    }

    private void check(String event) {
        int active = 0;
        int available = 0;
        for (Pod p : pods.values()) {
            String phase = p.getStatus() == null ? null : p.getStatus().getPhase();
            if (p.getMetadata().getDeletionTimestamp() != null || "Succeeded".equals(phase) || "Failed".equals(phase)) {
                continue;
            }
            active++;
            if (p.getStatus().getConditions() != null && p.getStatus().getConditions().stream()
                    .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()))) {
                available++;
            }
        }
        mostPods = Math.max(mostPods, active);
        fewestAvailable = Math.min(fewestAvailable, available);
        if (active > maxPods || available < minAvailable) {
            violations.add(event + ": " + active + " pods, " + available + " available");
        }
    }

    @Override
    public void onClose(WatcherException cause) {
        closedBy = cause;
    }

    synchronized int events() {
        return events;
    }

    synchronized int mostPods() {
        return mostPods;
    }

    synchronized int fewestAvailable() {
        return fewestAvailable;
    }

    WatcherException closedBy() {
        return closedBy;
    }

    @Override
    public void close() {
        if (watch != null) {
            watch.close();
        }
    }
}
