package io.quarkube.scheduler.plugins.podtopologyspread;

import io.quarkube.scheduler.framework.IndexedPod;
import io.quarkube.scheduler.framework.NodeInfo;
import io.quarkube.scheduler.framework.PodLabelIndex;
import io.quarkube.scheduler.framework.Snapshot;

import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Counts a constraint's matching pods per topology value from the snapshot's label index: only the pods the
 * selector could select are looked at, then the same node eligibility and pod checks as the full scan apply.
 */
final class MatchingPods {
    /** Adds one matching pod to the count of a topology value (if that value is counted). */
    interface Counter {
        void add(String value);
    }

    private MatchingPods() {
    }

    /** The index's candidates for each constraint; an element is null where the constraint must be scanned. */
    static PodLabelIndex.Candidates[] candidates(List<SpreadConstraint> constraints, Snapshot snapshot,
                                                 boolean useIndex, boolean skipHostname) {
        PodLabelIndex.Candidates[] result = new PodLabelIndex.Candidates[constraints.size()];
        PodLabelIndex index = useIndex ? snapshot.podLabelIndex() : null;
        if (index == null) {
            return result;
        }
        for (int i = 0; i < result.length; i++) {
            SpreadConstraint c = constraints.get(i);
            if (c.countsPods() && !(skipHostname && c.isHostname())) {
                result[i] = index.candidates(c.selector());
            }
        }
        return result;
    }

    /** True if every constraint that needs counting has candidates (no node needs scanning). */
    static boolean allIndexed(PodLabelIndex.Candidates[] candidates, List<SpreadConstraint> constraints,
                              boolean skipHostname) {
        for (int i = 0; i < candidates.length; i++) {
            SpreadConstraint c = constraints.get(i);
            if (candidates[i] == null && c.countsPods() && !(skipHostname && c.isHostname())) {
                return false;
            }
        }
        return true;
    }

    /** Counts the candidates that match, on eligible nodes (all topology keys, included by the constraint). */
    static void count(PodLabelIndex.Candidates candidates, SpreadConstraint c, String[] keys, String namespace,
                      NodeInclusion inclusion, Snapshot snapshot, Counter counter) {
        for (Collection<IndexedPod> bucket : candidates.buckets()) {
            for (IndexedPod pod : bucket) {
                if (!c.counts(pod.info().pod(), namespace)) {
                    continue;
                }
                NodeInfo node = snapshot.get(pod.nodeName());
                Map<String, String> labels = node.labels();
                if (!PreFilterState.hasAllKeys(labels, keys) || !inclusion.includes(c, node)) {
                    continue;
                }
                counter.add(labels.get(c.topologyKey()));
            }
        }
    }
}
