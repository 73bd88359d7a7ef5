package io.quarkube.loadtest.schedulerperf;

import io.fabric8.kubernetes.api.model.AffinityBuilder;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Taint;
import io.fabric8.kubernetes.api.model.TopologySpreadConstraintBuilder;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The clusters and pods of scheduler_perf's test cases, scaled by the command line: nodes like its
 * node-default.yaml (4 cpu, 32Gi, 110 pods, hostname and zone labels over 10 zones), pods like pod-default.yaml
 * (100m cpu, 500Mi: 40 fit a node), and per variant the constraint that makes the scheduler work harder. The
 * node-affinity variant uses 2 of the 10 zones and the taints variant half the nodes: size --nodes accordingly.
 */
enum Workload {
    /** SchedulingBasic: plain pods, every node fits. */
    BASIC("basic"),
    /** SchedulingNodeAffinity: required node affinity to 2 of 10 zones, plus a preferred zone. */
    NODE_AFFINITY("node-affinity"),
    /** Half the nodes carry an untolerated NoSchedule taint, all a PreferNoSchedule one. */
    TAINTS("taints"),
    /** SchedulingPodAntiAffinity: each pod repels its group (10 pods per group) per hostname. */
    ANTI_AFFINITY("anti-affinity"),
    /** TopologySpreading: DoNotSchedule zone spread with maxSkew 1 per group of pods. */
    TOPOLOGY_SPREAD("topology-spread");

    static final int ZONES = 10;
    final String id;

    Workload(String id) {
        this.id = id;
    }

    static Workload byId(String id) {
        for (Workload w : values()) {
            if (w.id.equals(id)) {
                return w;
            }
        }
        throw new IllegalArgumentException("unknown variant " + id);
    }

    List<Node> nodes(int count) {
        List<Node> nodes = new ArrayList<>(count);
        Map<String, Quantity> allocatable = Map.of("cpu", new Quantity("4"), "memory", new Quantity("32Gi"),
                "pods", new Quantity("110"));
        for (int i = 0; i < count; i++) {
            String name = String.format("node-%05d", i);
            List<Taint> taints = new ArrayList<>();
            if (this == TAINTS) {
                taints.add(new Taint("PreferNoSchedule", "perf/prefer", null, "x"));
                if (i % 2 == 0) {
                    taints.add(new Taint("NoSchedule", "perf/dedicated", null, "other"));
                }
            }
            nodes.add(new NodeBuilder()
                    .withNewMetadata().withName(name).withResourceVersion("1")
                    .addToLabels("kubernetes.io/hostname", name)
                    .addToLabels("topology.kubernetes.io/zone", "zone-" + (i % ZONES)).endMetadata()
                    .withNewSpec().withTaints(taints).endSpec()
                    .withNewStatus().withAllocatable(allocatable).withCapacity(allocatable)
                    .addNewCondition().withType("Ready").withStatus("True").endCondition().endStatus()
                    .build());
        }
        return nodes;
    }

    Pod pod(int i) {
        String group = "group-" + (i / 10);
        PodBuilder pod = new PodBuilder()
                .withNewMetadata().withNamespace("perf").withName(String.format("pod-%06d", i))
                .withUid(String.format("00000000-0000-0000-0000-%012d", i)).withResourceVersion("1")
                .addToLabels("app", "perf").addToLabels("group", group).endMetadata()
                .withNewSpec().withSchedulerName("default-scheduler")
                .addNewContainer().withName("c").withImage("registry.k8s.io/pause:3.10")
                .withNewResources().addToRequests("cpu", new Quantity("100m"))
                .addToRequests("memory", new Quantity("500Mi")).endResources().endContainer().endSpec()
                .withNewStatus().withPhase("Pending").endStatus();
        switch (this) {
            case NODE_AFFINITY -> pod.editSpec().withAffinity(new AffinityBuilder().withNewNodeAffinity()
                    .withNewRequiredDuringSchedulingIgnoredDuringExecution().addNewNodeSelectorTerm()
                    .addNewMatchExpression().withKey("topology.kubernetes.io/zone").withOperator("In")
                    .withValues("zone-0", "zone-1").endMatchExpression().endNodeSelectorTerm()
                    .endRequiredDuringSchedulingIgnoredDuringExecution()
                    .addNewPreferredDuringSchedulingIgnoredDuringExecution().withWeight(10).withNewPreference()
                    .addNewMatchExpression().withKey("topology.kubernetes.io/zone").withOperator("In")
                    .withValues("zone-1").endMatchExpression().endPreference()
                    .endPreferredDuringSchedulingIgnoredDuringExecution().endNodeAffinity().build()).endSpec();
            case ANTI_AFFINITY -> pod.editSpec().withAffinity(new AffinityBuilder().withNewPodAntiAffinity()
                    .addNewRequiredDuringSchedulingIgnoredDuringExecution()
                    .withTopologyKey("kubernetes.io/hostname")
                    .withNewLabelSelector().addToMatchLabels("group", group).endLabelSelector()
                    .endRequiredDuringSchedulingIgnoredDuringExecution().endPodAntiAffinity().build()).endSpec();
            case TOPOLOGY_SPREAD -> pod.editSpec().withTopologySpreadConstraints(new TopologySpreadConstraintBuilder()
                    .withMaxSkew(1).withTopologyKey("topology.kubernetes.io/zone")
                    .withWhenUnsatisfiable("DoNotSchedule")
                    .withNewLabelSelector().addToMatchLabels("group", group).endLabelSelector().build()).endSpec();
            default -> {
            }
        }
        return pod.build();
    }
}
