package io.quarkube.scheduler.framework;

import io.fabric8.kubernetes.api.model.Pod;

import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Scratchpad of one scheduling attempt: PreFilter and PreScore compute once and write under their plugin's name,
 * Filter and Score read it back for every node. Carries the cycle's node snapshot, which PreFilter plugins that
 * look across nodes (inter-pod affinity, topology spread) need, and the incoming pod's {@link PodInfo} (its
 * requests are parsed once, not per node). Used by the single scheduling thread only.
 */
public final class CycleState {
    private final Snapshot snapshot;
    private PodInfo podInfo;
    // Filter and Score read a value per node: a few entries under constant keys, so a linear scan comparing
    // references first beats hashing the key every time.
    private String[] keys = new String[8];
    private Object[] values = new Object[8];
    private int size;
    /** The filters this attempt runs (PreFilter may skip some); set by the framework. */
    FilterPlugin[] activeFilters;
    private Set<String> eligibleNodes;
    private String restrictedBy;

    public CycleState(Snapshot snapshot) {
        this.snapshot = snapshot;
    }

    /** A state over no nodes, for plugins that never look beyond the node they are given (tests). */
    public CycleState() {
        this(Snapshot.of(List.of()));
    }

    public Snapshot snapshot() {
        return snapshot;
    }

    /** The pod's requests and affinity flags, computed on first use in this attempt. */
    public PodInfo podInfo(Pod pod) {
        if (podInfo == null || podInfo.pod() != pod) {
            podInfo = PodInfo.of(pod);
        }
        return podInfo;
    }

    /** Seeds the pod's info when the caller computed it already (the scheduling loop assumes with it later). */
    public void setPodInfo(PodInfo info) {
        this.podInfo = info;
    }

    /**
     * Kubernetes' PreFilterResult: only these nodes can fit the pod (a DaemonSet pod names its node), so Filter
     * runs on them alone. Several plugins' restrictions intersect.
     */
    public void restrictToNodes(Set<String> nodeNames, String plugin) {
        if (eligibleNodes == null) {
            eligibleNodes = new HashSet<>(nodeNames);
            restrictedBy = plugin;
        } else {
            eligibleNodes.retainAll(nodeNames);
            restrictedBy = restrictedBy + ", " + plugin;
        }
    }

    /** The nodes a PreFilter restricted the pod to, or null for every node. */
    public Set<String> eligibleNodes() {
        return eligibleNodes;
    }

    /** The plugins that restricted the nodes, for the reason the other nodes get. */
    public String restrictedBy() {
        return restrictedBy;
    }

    public void write(String key, Object value) {
        int i = indexOf(key);
        if (i >= 0) {
            values[i] = value;
            return;
        }
        if (size == keys.length) {
            keys = Arrays.copyOf(keys, size * 2);
            values = Arrays.copyOf(values, size * 2);
        }
        keys[size] = key;
        values[size++] = value;
    }

    public <T> T read(String key, Class<T> type) {
        int i = indexOf(key);
        if (i < 0) {
            throw new IllegalStateException("no cycle state under " + key + " (did its PreFilter run?)");
        }
        return type.cast(values[i]);
    }

    private int indexOf(String key) {
        for (int i = 0; i < size; i++) {
            if (keys[i] == key) {
                return i;
            }
        }
        for (int i = 0; i < size; i++) {
            if (keys[i].equals(key)) {
                return i;
            }
        }
        return -1;
    }
}
