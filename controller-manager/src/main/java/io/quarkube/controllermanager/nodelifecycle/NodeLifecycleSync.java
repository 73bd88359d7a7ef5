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
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Two kinds of keys. {@link #MONITOR_KEY}, every nodeMonitorPeriod: note each node's heartbeat and queue the nodes
 * that need a look. A node name: if no heartbeat was seen for the grace period, its kubelet conditions become
 * Unknown; its taints follow its conditions; if it is Ready=Unknown its pods are failed with reason NodeLost;
 * pods that no longer tolerate its NoExecute taints are deleted (grace 0 when no kubelet can confirm, except
 * StatefulSet pods). Nothing is failed or evicted while most nodes are not Ready (see {@link #monitor}).
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
    /** When the monitor last ran; null before the first time (touched by the one worker only). */
    private Instant lastMonitor;
    private int ticksSinceResync;
    /** Too many nodes not Ready: no pod is failed or evicted (true until the first monitor has counted). */
    private volatile boolean disrupted = true;
    /** Above this share of not-Ready nodes the trouble is likely ours or the network's: nothing is evicted. */
    static final double DISRUPTION_THRESHOLD = 0.55;
    /** Nodes with work pending (Unknown, NoExecute taints) are looked at again this often even without events. */
    static final int FULL_RESYNC_TICKS = 12;

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

    /**
     * Kubernetes' monitorNodeHealth: the heartbeat of every node is judged here, also when no event comes. Then
     * Kubernetes' disruption rule: when more than 55 % of the nodes are not Ready (all of them, in a one-node
     * cluster), the likelier cause is the control plane, the network or a lagging informer (every Lease looks
     * stale at once), so pods are neither failed nor evicted until enough nodes are back.
     */
    void monitor() {
        Instant now = clock.instant();
        boolean first = lastMonitor == null;
        boolean resync = first || ++ticksSinceResync >= FULL_RESYNC_TICKS;
        lastMonitor = now;
        if (resync) {
            ticksSinceResync = 0;
        }
        List<Node> all = nodes.list(null);
        int notReady = 0;
        for (Node node : all) {
            try {
                Instant lastSeen = health.observe(node, lease(node));
                boolean overdue = now.isAfter(lastSeen.plus(grace(node)));
                if (overdue || !"True".equals(NodeConditions.readyStatus(node))) {
                    notReady++;
                }
                boolean pending = !NodeTaints.noExecute(node).isEmpty()
                        || "Unknown".equals(NodeConditions.readyStatus(node));
                if (overdue && NodeConditions.unknownPatch(node, now) != null
                        || NodeTaints.reconcile(node, now) != null || resync && pending) {
                    queue.enqueue(node.getMetadata().getName());
                }
            } catch (RuntimeException e) { // one odd node must not stop the monitor of the others
                LOG.warnf("node lifecycle: looking at node %s failed: %s", node.getMetadata().getName(), e);
            }
        }
        boolean nowDisrupted = !all.isEmpty() && notReady > DISRUPTION_THRESHOLD * all.size();
        if (nowDisrupted != disrupted && !first) {
            if (nowDisrupted) {
                LOG.warnf("node lifecycle: %d of %d nodes are not Ready: no pod is failed or evicted until more "
                        + "than %d %% are Ready again", notReady, all.size(), Math.round(100 * (1 - DISRUPTION_THRESHOLD)));
            } else {
                LOG.infof("node lifecycle: %d of %d nodes are not Ready: failing and evicting pods again", notReady,
                        all.size());
                all.forEach(node -> queue.enqueue(node.getMetadata().getName()));
            }
        }
        disrupted = nowDisrupted;
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
        forgetRemovedTaints(node.getMetadata().getName(), noExecute);
        boolean unreachable = "Unknown".equals(ready);
        if (!unreachable && noExecute.isEmpty()) {
            return Result.done();
        }
        if (disrupted) {
            return Result.done(); // the monitor queues every node again once the disruption is over
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
        // A StatefulSet pod keeps its grace period, as in Kubernetes: it stays Terminating until its node answers
        // or is deleted, so its name is never run twice at once.
        boolean force = kubeletGone && !NodeLostPods.ofStatefulSet(pod);
        client.deletePod(ns, podName, pod.getMetadata().getUid(), force ? 0L : null);
        evictionEvents.normal(pod, "TaintManagerEviction", "Marking for deletion Pod " + ns + "/" + podName);
        LOG.infof("pod %s/%s on node %s no longer tolerates the node's NoExecute taints: deleted%s", ns, podName,
                pod.getSpec().getNodeName(), force ? " (grace period 0: its kubelet is not answering)" : "");
    }

    /** Being deleted already: evicting it again would only repeat the delete and its event. */
    private static boolean alreadyGoing(Pod pod) {
        return pod.getMetadata().getDeletionTimestamp() != null;
    }

    /** A taint removed and added again later counts from then, not from the first time. */
    private void forgetRemovedTaints(String node, List<Taint> noExecute) {
        List<String> current = noExecute.stream().map(t -> seenKey(node, t)).toList();
        taintsSeen.keySet().removeIf(k -> k.startsWith(node + "/") && !current.contains(k));
    }

    private static String seenKey(String node, Taint taint) {
        return node + "/" + taint.getKey() + ":" + taint.getEffect();
    }

    /** Since when the taint is on the node: its timeAdded, else when this controller first saw it. */
    private Instant added(String node, Taint taint, Instant now) {
        Instant timeAdded = PodUtil.time(taint.getTimeAdded());
        if (timeAdded != null) {
            return timeAdded;
        }
        return taintsSeen.computeIfAbsent(seenKey(node, taint), k -> now);
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
