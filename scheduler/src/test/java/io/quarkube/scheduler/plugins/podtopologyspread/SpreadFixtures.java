package io.quarkube.scheduler.plugins.podtopologyspread;

import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Taint;
import io.fabric8.kubernetes.api.model.TopologySpreadConstraint;
import io.fabric8.kubernetes.api.model.TopologySpreadConstraintBuilder;
import io.quarkube.scheduler.Fixtures;
import io.quarkube.scheduler.framework.NodeInfo;
import io.quarkube.scheduler.framework.Snapshot;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Nodes in zones, labelled pods and constraints for the topology spread tests. */
final class SpreadFixtures {
    static final String ZONE = "topology.kubernetes.io/zone";
    static final String HOSTNAME = "kubernetes.io/hostname";

    private SpreadFixtures() {
    }

    /** A node labelled with its hostname and, unless zone is null, a zone. */
    static Node node(String name, String zone) {
        Node node = Fixtures.node(name, "4", "8Gi", 110);
        if (zone != null) {
            node.getMetadata().getLabels().put(ZONE, zone);
        }
        return node;
    }

    static Node withLabel(Node node, String key, String value) {
        node.getMetadata().getLabels().put(key, value);
        return node;
    }

    static Node tainted(Node node, String key, String effect) {
        node.getSpec().setTaints(new ArrayList<>(List.of(new Taint(effect, key, null, "true"))));
        return node;
    }

    /** A pod in namespace "default" labelled from key/value pairs ("app", "web", ...). */
    static Pod pod(String name, String... labels) {
        return podIn("default", name, labels);
    }

    static Pod podIn(String namespace, String name, String... labels) {
        Pod pod = Fixtures.pod(name, "100m", "100Mi");
        pod.getMetadata().setNamespace(namespace);
        pod.getMetadata().setLabels(labels(labels));
        return pod;
    }

    /** Copies of the pod bound to the node, named name-0, name-1... */
    static Pod[] copies(int n, String name, String... labels) {
        Pod[] pods = new Pod[n];
        for (int i = 0; i < n; i++) {
            pods[i] = pod(name + "-" + i, labels);
        }
        return pods;
    }

    static Map<String, String> labels(String... kv) {
        Map<String, String> labels = new HashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            labels.put(kv[i], kv[i + 1]);
        }
        return labels;
    }

    static LabelSelector selector(String... kv) {
        return new LabelSelectorBuilder().withMatchLabels(labels(kv)).build();
    }

    static TopologySpreadConstraint constraint(int maxSkew, String key, String action, LabelSelector selector) {
        return new TopologySpreadConstraintBuilder().withMaxSkew(maxSkew).withTopologyKey(key)
                .withWhenUnsatisfiable(action).withLabelSelector(selector).build();
    }

    static TopologySpreadConstraint hard(int maxSkew, String key, LabelSelector selector) {
        return constraint(maxSkew, key, "DoNotSchedule", selector);
    }

    static TopologySpreadConstraint soft(int maxSkew, String key, LabelSelector selector) {
        return constraint(maxSkew, key, "ScheduleAnyway", selector);
    }

    /** The incoming pod: app=web with these constraints. */
    static Pod incoming(TopologySpreadConstraint... constraints) {
        Pod pod = pod("incoming", "app", "web");
        pod.getSpec().setTopologySpreadConstraints(new ArrayList<>(List.of(constraints)));
        return pod;
    }

    /** A snapshot of these nodes, sorted by name as the cache keeps it. */
    static Snapshot snapshot(NodeInfo... nodes) {
        List<NodeInfo> sorted = new ArrayList<>(List.of(nodes));
        sorted.sort(Comparator.comparing(NodeInfo::name));
        return Snapshot.of(sorted);
    }
}
