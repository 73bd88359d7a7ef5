package io.quarkube.controllermanager.nodelifecycle;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeSpec;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Taint;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.quarkube.api.client.ApiException;
import io.quarkube.api.events.EventRecorder;
import io.quarkube.api.json.Json;
import io.quarkube.controllermanager.controller.Enqueuer;
import io.quarkube.controllermanager.controller.Lister;
import io.quarkube.controllermanager.controller.PodUtil;
import io.quarkube.controllermanager.controller.Reconciler;
import io.quarkube.controllermanager.controller.Result;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Two kinds of keys. {@link #MONITOR_KEY}, every nodeMonitorPeriod: note each node's heartbeat and queue the nodes
 * that need a look. A node name: if no heartbeat was seen for the grace period, its kubelet conditions become
 * Unknown; its taints follow its conditions; if it is Ready=Unknown its pods are failed with reason NodeLost;
 * pods that no longer tolerate its NoExecute taints are deleted (grace 0 when no kubelet can confirm).
 */
public final class NodeLifecycleSync implements Reconciler {
    /** Not a valid node name, so it cannot collide with one. */
    public static final String MONITOR_KEY = "@monitor";
    public static final Duration STARTUP_GRACE_PERIOD = Duration.ofSeconds(60);
    static final String LEASE_NAMESPACE = "kube-node-lease";
    private static final Logger LOG = Logger.getLogger(NodeLifecycleSync.class);

    private final Lister<Node> nodes;
    private final Lister<Lease> leases;
    private final Supplier<Collection<Pod>> pods;
    private final NodeLifecycleClient client;
    private final NodeLostPods lostPods;
    private final EventRecorder nodeEvents;
    private final EventRecorder evictionEvents;
    private final Enqueuer queue;
    private final Clock clock;
    private final NodeHealth health;
    private final Duration monitorPeriod;
    private final Duration gracePeriod;
    private final Duration startupGracePeriod;
    /** node/key:effect → first seen, for NoExecute taints without timeAdded. */
    private final Map<String, Instant> taintsSeen = new ConcurrentHashMap<>();

    public NodeLifecycleSync(Lister<Node> nodes, Lister<Lease> leases, Supplier<Collection<Pod>> pods,
                             NodeLifecycleClient client, EventRecorder nodeEvents, EventRecorder evictionEvents,
                             Enqueuer queue, Clock clock, Duration monitorPeriod, Duration gracePeriod,
                             Duration startupGracePeriod) {
        this.nodes = nodes;
        this.leases = leases;
        this.pods = pods;
        this.client = client;
        this.lostPods = new NodeLostPods(client, nodeEvents);
        this.nodeEvents = nodeEvents;
        this.evictionEvents = evictionEvents;
        this.queue = queue;
        this.clock = clock;
        this.health = new NodeHealth(clock);
        this.monitorPeriod = monitorPeriod;
        this.gracePeriod = gracePeriod;
        this.startupGracePeriod = startupGracePeriod;
    }

    @Override
    public Result sync(String key) {
        if (MONITOR_KEY.equals(key)) {
            monitor();
            return Result.requeueAfter(monitorPeriod);
        }
        return syncNode(key);
    }

    /** Kubernetes' monitorNodeHealth: the heartbeat of every node is judged here, also when no event comes. */
    void monitor() {
        Instant now = clock.instant();
        for (Node node : nodes.list(null)) {
            try {
                Instant lastSeen = health.observe(node, lease(node));
                boolean overdue = now.isAfter(lastSeen.plus(grace(node)))
                        && NodeConditions.unknownPatch(node, now) != null;
                if (overdue || NodeTaints.reconcile(node, now) != null || !NodeTaints.noExecute(node).isEmpty()
                        || "Unknown".equals(NodeConditions.readyStatus(node))) {
                    queue.enqueue(node.getMetadata().getName());
                }
            } catch (RuntimeException e) { // one odd node must not stop the monitor of the others
                LOG.warnf("node lifecycle: looking at node %s failed: %s", node.getMetadata().getName(), e);
            }
        }
    }

    Result syncNode(String name) {
        Node node = nodes.get(null, name).orElse(null);
        if (node == null) {
            health.forget(name);
            taintsSeen.keySet().removeIf(k -> k.startsWith(name + "/"));
            return Result.done(); // its pods are the pod garbage collector's
        }
        Instant now = clock.instant();
        Instant lastSeen = health.observe(node, lease(node));
        Duration grace = grace(node);
        if (now.isAfter(lastSeen.plus(grace))) {
            Map<String, Object> patch = NodeConditions.unknownPatch(node, now);
            if (patch != null) {
                node = client.patchNodeStatus(name, patch);
                LOG.infof("node %s: no heartbeat seen for %d s (grace period %d s): its conditions are now Unknown",
                        name, Duration.between(lastSeen, now).toSeconds(), grace.toSeconds());
            }
        }
        String ready = NodeConditions.readyStatus(node);
        if (health.becameNotReady(name, ready)) {
            nodeEvents.normal(node, "NodeNotReady", "Node " + name + " status is now: NodeNotReady");
        }
        List<Taint> taints = NodeTaints.reconcile(node, now);
        if (taints != null) {
            Node copy = Json.copy(node, Node.class);
            if (copy.getSpec() == null) {
                copy.setSpec(new NodeSpec());
            }
            copy.getSpec().setTaints(taints);
            node = client.updateNode(copy);
            LOG.infof("node %s (Ready=%s): taints now %s", name, ready, describe(taints));
        }
        return syncPods(node, ready, now);
    }

    /** NodeLost for the pods of an unreachable node; eviction of those whose toleration ran out. */
    private Result syncPods(Node node, String ready, Instant now) {
        List<Taint> noExecute = NodeTaints.noExecute(node);
        boolean unreachable = "Unknown".equals(ready);
        if (!unreachable && noExecute.isEmpty()) {
            return Result.done();
        }
        String name = node.getMetadata().getName();
        boolean kubeletGone = !"True".equals(ready);
        Instant next = null;
        boolean failed = false;
        for (Pod pod : pods.get()) {
            if (pod.getSpec() == null || !name.equals(pod.getSpec().getNodeName())) {
                continue;
            }
            try {
                if (unreachable) {
                    lostPods.markLost(pod, node, now);
                }
                Instant deadline = noExecute.isEmpty() || alreadyGoing(pod) ? null
                        : TaintEviction.deadline(pod, noExecute, taint -> added(name, taint, now));
                if (deadline == null) {
                    continue;
                }
                if (deadline.isAfter(now)) {
                    next = next == null || deadline.isBefore(next) ? deadline : next;
                } else {
                    evict(pod, kubeletGone);
                }
            } catch (ApiException e) {
                if (!e.isNotFound()) { // gone already: nothing left to do
                    LOG.debugf("node lifecycle: pod %s/%s: %s", pod.getMetadata().getNamespace(),
                            pod.getMetadata().getName(), e.getMessage());
                    failed = true;
                }
            }
        }
        if (failed) {
            return Result.requeue();
        }
        return next == null ? Result.done() : Result.requeueAfter(Duration.between(now, next));
    }

    private void evict(Pod pod, boolean kubeletGone) {
        String ns = pod.getMetadata().getNamespace();
        String podName = pod.getMetadata().getName();
        client.deletePod(ns, podName, pod.getMetadata().getUid(), kubeletGone ? 0L : null);
        evictionEvents.normal(pod, "TaintManagerEviction", "Marking for deletion Pod " + ns + "/" + podName);
        LOG.infof("pod %s/%s on node %s no longer tolerates the node's NoExecute taints: deleted%s", ns, podName,
                pod.getSpec().getNodeName(), kubeletGone ? " (grace period 0: its kubelet is not answering)" : "");
    }

    /** Deleted with grace 0 already: nothing to shorten. */
    private static boolean alreadyGoing(Pod pod) {
        return pod.getMetadata().getDeletionTimestamp() != null
                && Objects.equals(0L, pod.getMetadata().getDeletionGracePeriodSeconds());
    }

    /** Since when the taint is on the node: its timeAdded, else when this controller first saw it. */
    private Instant added(String node, Taint taint, Instant now) {
        Instant timeAdded = PodUtil.time(taint.getTimeAdded());
        if (timeAdded != null) {
            return timeAdded;
        }
        return taintsSeen.computeIfAbsent(node + "/" + taint.getKey() + ":" + taint.getEffect(), k -> now);
    }

    private Lease lease(Node node) {
        return leases.get(LEASE_NAMESPACE, node.getMetadata().getName()).orElse(null);
    }

    /** A node that never posted a Ready condition gets the startup grace period. */
    private Duration grace(Node node) {
        return NodeConditions.condition(node, "Ready") == null ? startupGracePeriod : gracePeriod;
    }

    private static String describe(List<Taint> taints) {
        return taints.stream().map(t -> t.getKey() + ":" + t.getEffect()).toList().toString();
    }
}
