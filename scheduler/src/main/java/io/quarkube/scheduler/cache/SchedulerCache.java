package io.quarkube.scheduler.cache;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.quarkube.scheduler.framework.NodeInfo;
import io.quarkube.scheduler.framework.PodInfo;
import io.quarkube.scheduler.framework.Pods;
import io.quarkube.scheduler.framework.Snapshot;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * What is on each node: the pods the informer shows bound there, plus the pods this scheduler "assumed" there
 * and is binding (or has bound but not yet seen bound). Assuming lets the next cycle count a pod at once instead
 * of waiting for the binding's round trip through the api-server and Kafka.
 *
 * <p>Lifecycle of an assumed pod: {@link #assume} → {@link #finishBinding} (binding succeeded; from now on it
 * expires after a TTL unless the informer confirms it) → {@link #addOrUpdatePod} from the informer confirms it.
 * {@link #forget} undoes an assumption whose binding failed. Terminal pods free their node's resources.
 */
public final class SchedulerCache {
    private final Clock clock;
    private final Duration assumedTtl;
    private final TreeMap<String, NodeInfo> nodes = new TreeMap<>();
    private final Map<String, PodState> pods = new HashMap<>();

    public SchedulerCache(Clock clock, Duration assumedTtl) {
        this.clock = clock;
        this.assumedTtl = assumedTtl;
    }

    /** Names of nodes whose info changed since the last {@link #updateSnapshot}; null = rebuild it whole. */
    private Set<String> changedSinceSnapshot;

    private record PodState(PodInfo info, String nodeName, boolean assumed, Instant deadline) {
    }

    public synchronized void addOrUpdateNode(Node node) {
        String name = node.getMetadata().getName();
        NodeInfo current = nodes.get(name);
        put(name, current == null ? NodeInfo.of(node) : current.withNode(node));
    }

    /** Keeps the pod accounting while pods still point at the node: they may be deleted after it. */
    public synchronized void removeNode(Node node) {
        String name = node.getMetadata().getName();
        NodeInfo current = nodes.get(name);
        if (current == null) {
            return;
        }
        if (current.podCount() == 0) {
            nodes.remove(name);
            changedSinceSnapshot = null;
        } else {
            put(name, current.withNode(null));
        }
    }

    /** False if the pod is already known (assumed, or seen bound meanwhile): it must not be bound again. */
    public synchronized boolean assume(Pod pod, String nodeName) {
        return assume(PodInfo.of(pod), nodeName);
    }

    public synchronized boolean assume(PodInfo pod, String nodeName) {
        String key = pod.key();
        if (pods.containsKey(key)) {
            return false;
        }
        add(key, new PodState(pod, nodeName, true, null));
        return true;
    }

    /** The binding succeeded: wait for the informer to confirm it, but not forever. */
    public synchronized void finishBinding(Pod pod) {
        PodState state = pods.get(Pods.key(pod));
        if (state != null && state.assumed()) {
            pods.put(Pods.key(pod), new PodState(state.info(), state.nodeName(), true,
                    clock.instant().plus(assumedTtl)));
        }
    }

    /** The binding failed: the pod is not on that node after all. */
    public synchronized void forget(Pod pod) {
        PodState state = pods.get(Pods.key(pod));
        if (state != null && state.assumed()) {
            remove(Pods.key(pod));
        }
    }

    /** A pod the informer shows bound to a node (confirms an assumption, possibly on another node). */
    public synchronized void addOrUpdatePod(Pod pod) {
        if (!Pods.isAssigned(pod)) {
            return; // an unbound view of an assumed pod must not undo the assumption
        }
        String key = Pods.key(pod);
        PodState previous = pods.get(key);
        remove(key);
        if (!Pods.isTerminal(pod)) {
            // a pod's requests and affinity are immutable: reuse what was parsed when it was assumed or first seen
            PodInfo info = previous == null ? PodInfo.of(pod) : previous.info().withPod(pod);
            add(key, new PodState(info, pod.getSpec().getNodeName(), false, null));
        }
    }

    public synchronized void removePod(Pod pod) {
        remove(Pods.key(pod));
    }

    /** True if the pod is assumed or known bound: scheduling it again would bind it twice. */
    public synchronized boolean contains(Pod pod) {
        return pods.containsKey(Pods.key(pod));
    }

    public synchronized boolean isAssumed(Pod pod) {
        PodState state = pods.get(Pods.key(pod));
        return state != null && state.assumed();
    }

    /** Drops bound assumptions the informer never confirmed (the pod was deleted meanwhile, an event was lost). */
    public synchronized int cleanupExpiredAssumedPods() {
        Instant now = clock.instant();
        List<String> expired = pods.entrySet().stream()
                .filter(e -> e.getValue().deadline() != null && now.isAfter(e.getValue().deadline()))
                .map(Map.Entry::getKey).toList();
        expired.forEach(this::remove);
        return expired.size();
    }

    /** A new snapshot of the nodes that exist (tests, tools); the scheduling loop uses {@link #updateSnapshot}. */
    public synchronized Snapshot snapshot() {
        return Snapshot.of(existingNodes());
    }

    /**
     * Brings the scheduling thread's snapshot up to date: only the nodes changed since the last call are
     * replaced, unless nodes came or went. NodeInfo values are immutable, so the cycle reads them without the lock.
     */
    public synchronized void updateSnapshot(Snapshot snapshot) {
        boolean rebuild = changedSinceSnapshot == null;
        if (!rebuild) {
            for (String name : changedSinceSnapshot) {
                NodeInfo info = nodes.get(name);
                if (info == null || info.node() == null || !snapshot.replace(info)) {
                    rebuild = true;
                    break;
                }
            }
        }
        if (rebuild) {
            snapshot.replaceAll(existingNodes());
        }
        changedSinceSnapshot = new HashSet<>();
    }

    private List<NodeInfo> existingNodes() {
        List<NodeInfo> result = new ArrayList<>(nodes.size());
        for (NodeInfo info : nodes.values()) {
            if (info.node() != null) {
                result.add(info);
            }
        }
        return result;
    }

    public synchronized NodeInfo nodeInfo(String nodeName) {
        return nodes.get(nodeName);
    }

    private void add(String key, PodState state) {
        pods.put(key, state);
        NodeInfo info = nodes.get(state.nodeName());
        if (info == null) {
            info = NodeInfo.of(null);
        }
        put(state.nodeName(), info.withPodAdded(state.info()));
    }

    private void remove(String key) {
        PodState state = pods.remove(key);
        if (state == null) {
            return;
        }
        NodeInfo info = nodes.get(state.nodeName()).withPodRemoved(key);
        if (info.node() == null && info.podCount() == 0) {
            nodes.remove(state.nodeName());
        } else {
            put(state.nodeName(), info);
        }
    }

    private void put(String name, NodeInfo info) {
        NodeInfo previous = nodes.put(name, info);
        if (changedSinceSnapshot != null) {
            if (previous == null || previous.node() == null) {
                changedSinceSnapshot = null; // a node appeared: its place in the order is new
            } else {
                changedSinceSnapshot.add(name);
            }
        }
    }
}
