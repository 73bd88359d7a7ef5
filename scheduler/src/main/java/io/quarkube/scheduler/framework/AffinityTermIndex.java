package io.quarkube.scheduler.framework;

import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;
import io.fabric8.kubernetes.api.model.PodAffinityTerm;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * A reverse index of existing pods' inter-pod affinity terms by what their labelSelector requires: a term is
 * filed under one matchLabels entry key=value (or under each value of one In expression), so the terms that could
 * select an incoming pod are found by looking up the incoming pod's own labels. Terms with nothing indexable go
 * to a list every lookup returns. Candidates only: the caller still applies the full match (namespaces,
 * selector, matchLabelKeys). Scheduling thread only; kept up to date by {@link Snapshot}.
 */
public final class AffinityTermIndex {
    /** One term of an existing pod; {@code hard} marks a required affinity term, weight is signed (scoring). */
    public record Term(PodAffinityTerm term, boolean hard, long weight) {
    }

    /** Terms of one pod filed under one key=value (or unindexed), with the pod and its node. */
    public record Entry(PodInfo owner, String nodeName, List<Term> terms) {
    }

    /** Which terms of a pod this index holds. */
    interface Extractor {
        List<Term> terms(PodInfo pod);
    }

    private final Extractor extractor;
    private final Map<String, Map<String, IdentityHashMap<PodInfo, Entry>>> byPair = new HashMap<>();
    private final IdentityHashMap<PodInfo, Entry> unindexed = new IdentityHashMap<>();
    /** Pods with terms here → the key=value pairs they are filed under, for removal. */
    private final IdentityHashMap<PodInfo, List<String[]>> filed = new IdentityHashMap<>();
    private boolean broken;

    AffinityTermIndex(Extractor extractor) {
        this.extractor = extractor;
    }

    void add(PodInfo info, String nodeName) {
        if (!info.hasAffinity()) {
            return;
        }
        List<Term> terms = extractor.terms(info);
        if (terms.isEmpty()) {
            return;
        }
        if (filed.containsKey(info)) {
            broken = true; // the same PodInfo on two nodes: never from the cache; callers fall back to scanning
            return;
        }
        // group the pod's terms by the pair they are filed under: one entry per pod and pair
        Map<String, Map<String, List<Term>>> groups = new HashMap<>();
        List<Term> rest = new ArrayList<>();
        for (Term term : terms) {
            String[] pairs = pairs(term.term().getLabelSelector());
            if (pairs == null) {
                rest.add(term);
                continue;
            }
            for (int i = 1; i < pairs.length; i++) {
                groups.computeIfAbsent(pairs[0], k -> new HashMap<>()).computeIfAbsent(pairs[i], v -> new ArrayList<>())
                        .add(term);
            }
        }
        List<String[]> where = new ArrayList<>();
        for (Map.Entry<String, Map<String, List<Term>>> byKey : groups.entrySet()) {
            for (Map.Entry<String, List<Term>> byValue : byKey.getValue().entrySet()) {
                byPair.computeIfAbsent(byKey.getKey(), k -> new HashMap<>())
                        .computeIfAbsent(byValue.getKey(), v -> new IdentityHashMap<>())
                        .put(info, new Entry(info, nodeName, byValue.getValue()));
                where.add(new String[] {byKey.getKey(), byValue.getKey()});
            }
        }
        if (!rest.isEmpty()) {
            unindexed.put(info, new Entry(info, nodeName, rest));
        }
        filed.put(info, where);
    }

    void remove(PodInfo info) {
        List<String[]> where = filed.remove(info);
        if (where == null) {
            return;
        }
        for (String[] pair : where) {
            Map<String, IdentityHashMap<PodInfo, Entry>> values = byPair.get(pair[0]);
            IdentityHashMap<PodInfo, Entry> bucket = values == null ? null : values.get(pair[1]);
            if (bucket != null) {
                bucket.remove(info);
                if (bucket.isEmpty()) {
                    values.remove(pair[1]);
                    if (values.isEmpty()) {
                        byPair.remove(pair[0]);
                    }
                }
            }
        }
        unindexed.remove(info);
    }

    boolean usable() {
        return !broken;
    }

    /** True if no pod has a term here. */
    public boolean isEmpty() {
        return filed.isEmpty();
    }

    /** Every entry whose terms could select a pod with these labels (each term at most once). */
    public List<Entry> candidates(Map<String, String> labels) {
        List<Entry> result = new ArrayList<>(unindexed.values());
        if (labels != null && !byPair.isEmpty()) {
            for (Map.Entry<String, String> label : labels.entrySet()) {
                Map<String, IdentityHashMap<PodInfo, Entry>> values = byPair.get(label.getKey());
                IdentityHashMap<PodInfo, Entry> bucket = values == null ? null : values.get(label.getValue());
                if (bucket != null) {
                    result.addAll(bucket.values());
                }
            }
        }
        return result;
    }

    /**
     * {key, value...}: the smallest matchLabels key (one value) or else the smallest In expression's key with its
     * distinct values; null if neither exists (the term is always a candidate). A null selector matches nothing,
     * but it is rare and the full match says so: it stays unindexed.
     */
    private static String[] pairs(LabelSelector selector) {
        if (selector == null) {
            return null;
        }
        String bestKey = null;
        if (selector.getMatchLabels() != null) {
            for (Map.Entry<String, String> e : selector.getMatchLabels().entrySet()) {
                if (e.getKey() != null && e.getValue() != null && (bestKey == null || e.getKey().compareTo(bestKey) < 0)) {
                    bestKey = e.getKey();
                }
            }
        }
        if (bestKey != null) {
            return new String[] {bestKey, selector.getMatchLabels().get(bestKey)};
        }
        LabelSelectorRequirement best = null;
        if (selector.getMatchExpressions() != null) {
            for (LabelSelectorRequirement r : selector.getMatchExpressions()) {
                if ("In".equals(r.getOperator()) && r.getKey() != null && r.getValues() != null
                        && noNulls(r.getValues()) && (best == null || r.getKey().compareTo(best.getKey()) < 0)) {
                    best = r;
                }
            }
        }
        if (best == null) {
            return null;
        }
        List<String> values = new ArrayList<>();
        values.add(best.getKey());
        for (String value : best.getValues()) {
            if (!values.subList(1, values.size()).contains(value)) {
                values.add(value);
            }
        }
        return values.toArray(new String[0]);
    }

    private static boolean noNulls(List<String> values) {
        for (String value : values) {
            if (value == null) {
                return false;
            }
        }
        return true;
    }
}
