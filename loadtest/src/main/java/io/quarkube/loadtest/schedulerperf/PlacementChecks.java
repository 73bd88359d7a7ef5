package io.quarkube.loadtest.schedulerperf;

import io.fabric8.kubernetes.api.model.Node;
import io.quarkube.scheduler.cache.SchedulerCache;
import io.quarkube.scheduler.framework.NodeInfo;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Checks that a run's placements are right, not just fast: every pod bound once, no node holding more than its
 * allocatable, and the variant's constraint held on every placement.
 */
final class PlacementChecks {
    private PlacementChecks() {
    }

    /** Problems found (empty = all good); pod names are pod-NNNNNN, so the index gives the pod's group. */
    static List<String> check(Workload workload, List<Node> nodes, Map<String, String> placements, int pods,
                              SchedulerCache cache) {
        List<String> problems = new ArrayList<>();
        if (placements.size() != pods) {
            problems.add(placements.size() + " of " + pods + " pods bound");
        }
        for (NodeInfo info : cache.snapshot().nodes()) {
            if (info.requested().milliCpu() > info.allocatable().milliCpu()
                    || info.requested().memory() > info.allocatable().memory()
                    || info.podCount() > info.allowedPods()) {
                problems.add(info.name() + " is over its allocatable");
            }
        }
        Map<String, Node> byName = new HashMap<>();
        nodes.forEach(n -> byName.put(n.getMetadata().getName(), n));
        Set<String> groupOnNode = new HashSet<>();
        Map<String, Map<String, Integer>> groupZones = new HashMap<>();
        for (Map.Entry<String, String> placement : placements.entrySet()) {
            int index = Integer.parseInt(placement.getKey().substring("pod-".length()));
            String group = "group-" + (index / 10);
            Node node = byName.get(placement.getValue());
            String zone = node.getMetadata().getLabels().get("topology.kubernetes.io/zone");
            switch (workload) {
                case NODE_AFFINITY -> {
                    if (!zone.equals("zone-0") && !zone.equals("zone-1")) {
                        problems.add(placement.getKey() + " landed in " + zone);
                    }
                }
                case TAINTS -> {
                    if (node.getSpec().getTaints().stream().anyMatch(t -> "NoSchedule".equals(t.getEffect()))) {
                        problems.add(placement.getKey() + " landed on tainted " + placement.getValue());
                    }
                }
                case ANTI_AFFINITY -> {
                    if (!groupOnNode.add(group + "@" + placement.getValue())) {
                        problems.add(group + " has two pods on " + placement.getValue());
                    }
                }
                case TOPOLOGY_SPREAD -> groupZones.computeIfAbsent(group, g -> new HashMap<>()).merge(zone, 1,
                        Integer::sum);
                default -> {
                }
            }
        }
        for (Map.Entry<String, Map<String, Integer>> group : groupZones.entrySet()) {
            int max = group.getValue().values().stream().mapToInt(Integer::intValue).max().orElse(0);
            int min = group.getValue().size() < Workload.ZONES ? 0
                    : group.getValue().values().stream().mapToInt(Integer::intValue).min().orElse(0);
            if (max - min > 1) {
                problems.add(group.getKey() + " is skewed " + group.getValue());
            }
        }
        return problems.size() > 10 ? List.of(problems.size() + " problems, first: " + problems.subList(0, 10))
                : problems;
    }
}
