package io.quarkube.scheduler.plugins.interpodaffinity;

import io.fabric8.kubernetes.api.model.LabelSelector;
import io.quarkube.scheduler.framework.IndexedPod;
import io.quarkube.scheduler.framework.NodeInfo;
import io.quarkube.scheduler.framework.PodInfo;
import io.quarkube.scheduler.framework.PodLabelIndex;
import io.quarkube.scheduler.framework.Snapshot;

import java.util.Collection;

/**
 * Walks the existing pods a term's selector could select, with their node: from the snapshot's label index when
 * the selector has an indexable requirement, else (or with the index off: the reference path the tests compare
 * against) every pod of every node. The caller still applies the full match to each.
 */
final class ExistingPods {
    interface Visitor {
        void visit(PodInfo pod, NodeInfo node);
    }

    private final Snapshot snapshot;
    private final boolean useIndex;

    ExistingPods(Snapshot snapshot, boolean useIndex) {
        this.snapshot = snapshot;
        this.useIndex = useIndex;
    }

    /** The index's candidates for the selector, or null if it has none to offer (scan instead). */
    PodLabelIndex.Candidates candidates(LabelSelector selector) {
        PodLabelIndex index = useIndex ? snapshot.podLabelIndex() : null; // built on first use
        return index == null ? null : index.candidates(selector);
    }

    void forEach(LabelSelector selector, Visitor visitor) {
        forEach(candidates(selector), visitor);
    }

    /** Visits the candidates, or every pod when there are none (null). */
    void forEach(PodLabelIndex.Candidates candidates, Visitor visitor) {
        if (candidates == null) {
            for (NodeInfo node : snapshot.nodes()) {
                if (node.node() == null) {
                    continue;
                }
                for (PodInfo pod : node.pods()) {
                    visitor.visit(pod, node);
                }
            }
            return;
        }
        for (Collection<IndexedPod> bucket : candidates.buckets()) {
            for (IndexedPod pod : bucket) {
                visitor.visit(pod.info(), snapshot.get(pod.nodeName()));
            }
        }
    }
}
