package io.quarkube.scheduler.framework;

import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * The snapshot's pods by label: key → value → the pods carrying it, with their node. Lets inter-pod affinity and
 * topology spread look only at the pods a selector could select instead of every pod of the cluster. Buckets are
 * keyed by PodInfo identity (O(1) removal even when one value, say app=web, holds 10,000 pods; a record's own
 * equals would compare whole Pod objects). Scheduling thread only; kept up to date by {@link Snapshot}.
 */
public final class PodLabelIndex {
    private final Map<String, Map<String, IdentityHashMap<PodInfo, IndexedPod>>> byLabel = new HashMap<>();
    private final IdentityHashMap<PodInfo, IndexedPod> all = new IdentityHashMap<>();
    private boolean broken;

    /** A superset of the pods a selector selects: its buckets and their total size. */
    public record Candidates(List<Collection<IndexedPod>> buckets, int size) {
    }

    void add(PodInfo info, String nodeName) {
        IndexedPod entry = new IndexedPod(info, nodeName);
        if (all.put(info, entry) != null) {
            broken = true; // the same PodInfo on two nodes: never from the cache; callers fall back to scanning
            return;
        }
        Map<String, String> labels = info.pod().getMetadata().getLabels();
        if (labels == null) {
            return;
        }
        for (Map.Entry<String, String> label : labels.entrySet()) {
            if (label.getKey() != null && label.getValue() != null) {
                byLabel.computeIfAbsent(label.getKey(), k -> new HashMap<>())
                        .computeIfAbsent(label.getValue(), v -> new IdentityHashMap<>()).put(info, entry);
            }
        }
    }

    void remove(PodInfo info) {
        if (all.remove(info) == null) {
            return;
        }
        Map<String, String> labels = info.pod().getMetadata().getLabels();
        if (labels == null) {
            return;
        }
        for (Map.Entry<String, String> label : labels.entrySet()) {
            Map<String, IdentityHashMap<PodInfo, IndexedPod>> values = byLabel.get(label.getKey());
            IdentityHashMap<PodInfo, IndexedPod> bucket = values == null ? null : values.get(label.getValue());
            if (bucket != null) {
                bucket.remove(info);
                if (bucket.isEmpty()) {
                    values.remove(label.getValue());
                    if (values.isEmpty()) {
                        byLabel.remove(label.getKey());
                    }
                }
            }
        }
    }

    /** False if the index cannot be trusted (a pod was seen twice); the caller scans instead. */
    boolean usable() {
        return !broken;
    }

    /** Every indexed pod. */
    public int size() {
        return all.size();
    }

    /** The pods carrying key=value (empty if none). */
    public Collection<IndexedPod> withLabel(String key, String value) {
        Map<String, IdentityHashMap<PodInfo, IndexedPod>> values = byLabel.get(key);
        IdentityHashMap<PodInfo, IndexedPod> bucket = values == null ? null : values.get(value);
        return bucket == null ? List.of() : bucket.values();
    }

    /**
     * The smallest superset of the pods the selector selects that one requirement gives: a matchLabels entry, or
     * an In expression (the union of its values' buckets, disjoint because a pod has one value per key). A null
     * selector selects nothing (no candidates); null if no requirement is indexable (the caller scans every pod).
     */
    public Candidates candidates(LabelSelector selector) {
        if (selector == null) {
            return new Candidates(List.of(), 0);
        }
        Candidates best = null;
        if (selector.getMatchLabels() != null) {
            for (Map.Entry<String, String> e : selector.getMatchLabels().entrySet()) {
                if (e.getKey() == null || e.getValue() == null) {
                    continue;
                }
                Collection<IndexedPod> bucket = withLabel(e.getKey(), e.getValue());
                if (best == null || bucket.size() < best.size()) {
                    best = new Candidates(List.of(bucket), bucket.size());
                }
            }
        }
        if (selector.getMatchExpressions() != null) {
            for (LabelSelectorRequirement r : selector.getMatchExpressions()) {
                if (!"In".equals(r.getOperator()) || r.getKey() == null) {
                    continue;
                }
                Candidates in = inCandidates(r);
                if (in != null && (best == null || in.size() < best.size())) {
                    best = in;
                }
            }
        }
        return best;
    }

    private Candidates inCandidates(LabelSelectorRequirement r) {
        List<String> values = r.getValues() == null ? List.of() : r.getValues();
        List<Collection<IndexedPod>> buckets = new ArrayList<>(values.size());
        int size = 0;
        for (int i = 0; i < values.size(); i++) {
            String value = values.get(i);
            if (value == null) {
                return null;
            }
            if (values.subList(0, i).contains(value)) {
                continue; // a value listed twice must not count its pods twice
            }
            Collection<IndexedPod> bucket = withLabel(r.getKey(), value);
            if (!bucket.isEmpty()) {
                buckets.add(bucket);
                size += bucket.size();
            }
        }
        return new Candidates(buckets, size);
    }
}
