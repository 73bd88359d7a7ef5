package io.quarkube.scheduler.plugins.interpodaffinity;

import io.fabric8.kubernetes.api.model.Affinity;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodAffinity;
import io.fabric8.kubernetes.api.model.PodAffinityTerm;
import io.fabric8.kubernetes.api.model.PodAntiAffinity;
import io.fabric8.kubernetes.api.model.WeightedPodAffinityTerm;
import io.quarkube.scheduler.Fixtures;
import io.quarkube.scheduler.framework.CycleState;
import io.quarkube.scheduler.framework.NodeInfo;
import io.quarkube.scheduler.framework.Snapshot;
import io.quarkube.scheduler.framework.Status;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Pods with inter-pod affinity terms and nodes in zones, for the InterPodAffinity tests. */
final class AffinityFixtures {
    static final String ZONE = "topology.kubernetes.io/zone";
    static final String HOSTNAME = "kubernetes.io/hostname";

    private AffinityFixtures() {
    }

    /** A node labelled with its hostname and, unless null, a zone. */
    static Node node(String name, String zone) {
        Node node = Fixtures.node(name, "8", "16Gi", 110);
        if (zone != null) {
            node.getMetadata().getLabels().put(ZONE, zone);
        }
        return node;
    }

    /** A pod in namespace "default" with labels given as key, value, key, value... */
    static Pod pod(String name, String... labels) {
        return podIn("default", name, labels);
    }

    static Pod podIn(String namespace, String name, String... labels) {
        Pod pod = Fixtures.pod(name, "100m", "100Mi");
        pod.getMetadata().setNamespace(namespace);
        pod.getMetadata().setLabels(map(labels));
        return pod;
    }

    /** The same pod, bound to that node (NodeInfo does not check, but real pods on a node are bound). */
    static Pod on(String node, Pod pod) {
        pod.getSpec().setNodeName(node);
        return pod;
    }

    /** A term whose labelSelector has these matchLabels (key, value, ...) over that topology key. */
    static PodAffinityTerm term(String topologyKey, String... matchLabels) {
        PodAffinityTerm term = new PodAffinityTerm();
        term.setTopologyKey(topologyKey);
        term.setLabelSelector(selector(matchLabels));
        return term;
    }

    static LabelSelector selector(String... matchLabels) {
        return new LabelSelectorBuilder().withMatchLabels(map(matchLabels)).build();
    }

    static Pod requiredAffinity(Pod pod, PodAffinityTerm... terms) {
        podAffinity(pod).getRequiredDuringSchedulingIgnoredDuringExecution().addAll(List.of(terms));
        return pod;
    }

    static Pod requiredAntiAffinity(Pod pod, PodAffinityTerm... terms) {
        podAntiAffinity(pod).getRequiredDuringSchedulingIgnoredDuringExecution().addAll(List.of(terms));
        return pod;
    }

    static Pod preferredAffinity(Pod pod, int weight, PodAffinityTerm term) {
        podAffinity(pod).getPreferredDuringSchedulingIgnoredDuringExecution()
                .add(new WeightedPodAffinityTerm(term, weight));
        return pod;
    }

    static Pod preferredAntiAffinity(Pod pod, int weight, PodAffinityTerm term) {
        podAntiAffinity(pod).getPreferredDuringSchedulingIgnoredDuringExecution()
                .add(new WeightedPodAffinityTerm(term, weight));
        return pod;
    }

    /** Runs PreFilter over these nodes; the caller filters nodes with the returned state. */
    static CycleState cycle(List<NodeInfo> nodes) {
        return new CycleState(Snapshot.of(nodes));
    }

    /** Filter status per node name, after a successful (not skipped) PreFilter. */
    static Map<String, Status> filterAll(InterPodAffinity plugin, Pod pod, List<NodeInfo> nodes) {
        CycleState state = cycle(nodes);
        Status pre = plugin.preFilter(state, pod);
        if (!pre.isSuccess()) {
            throw new AssertionError("PreFilter did not succeed: " + pre);
        }
        Map<String, Status> result = new LinkedHashMap<>();
        for (NodeInfo node : nodes) {
            result.put(node.name(), plugin.filter(state, pod, node));
        }
        return result;
    }

    /** The names of the nodes that pass, in node order. */
    static List<String> feasible(InterPodAffinity plugin, Pod pod, List<NodeInfo> nodes) {
        List<String> names = new ArrayList<>();
        filterAll(plugin, pod, nodes).forEach((name, status) -> {
            if (status.isSuccess()) {
                names.add(name);
            }
        });
        return names;
    }

    private static PodAffinity podAffinity(Pod pod) {
        Affinity affinity = affinity(pod);
        if (affinity.getPodAffinity() == null) {
            affinity.setPodAffinity(new PodAffinity(new ArrayList<>(), new ArrayList<>()));
        }
        return affinity.getPodAffinity();
    }

    private static PodAntiAffinity podAntiAffinity(Pod pod) {
        Affinity affinity = affinity(pod);
        if (affinity.getPodAntiAffinity() == null) {
            affinity.setPodAntiAffinity(new PodAntiAffinity(new ArrayList<>(), new ArrayList<>()));
        }
        return affinity.getPodAntiAffinity();
    }

    private static Affinity affinity(Pod pod) {
        if (pod.getSpec().getAffinity() == null) {
            pod.getSpec().setAffinity(new Affinity());
        }
        return pod.getSpec().getAffinity();
    }

    private static Map<String, String> map(String... keyValues) {
        Map<String, String> map = new HashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            map.put(keyValues[i], keyValues[i + 1]);
        }
        return map;
    }
}
