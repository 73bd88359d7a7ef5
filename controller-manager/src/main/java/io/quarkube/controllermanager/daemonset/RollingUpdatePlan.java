package io.quarkube.controllermanager.daemonset;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.quarkube.controllermanager.controller.PodUtil;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Kubernetes' rollingUpdate (update.go), without side effects. Without surge, old pods are deleted while fewer
 * than maxUnavailable nodes lack an available pod (the manage step then creates the new ones). With surge, a new
 * pod is created beside an old one on at most maxSurge nodes at once, and the old one is deleted once the new one
 * is available; a node whose old pod is unavailable gets its new pod at once.
 */
record RollingUpdatePlan(List<Pod> podsToDelete, List<String> nodesToCreate) {

    /** @param nodeToPods the claimed pods by target node (not changed) */
    static RollingUpdatePlan compute(DaemonSet ds, Map<String, Node> nodes, NodeEligibility eligibility,
                                     Map<String, List<Pod>> nodeToPods, String hash, Instant now) {
        // sorted by node name: which nodes go first is then stable between syncs. Pods of nodes that are gone
        // (the manage step deletes them) count neither way: a terminating one must not stall the update.
        Map<String, List<Pod>> byNode = new TreeMap<>();
        nodeToPods.forEach((node, pods) -> {
            if (nodes.containsKey(node)) {
                byNode.put(node, pods);
            }
        });
        int desired = 0;
        for (Node node : nodes.values()) {
            if (eligibility.decide(node).shouldRun()) {
                desired++;
                byNode.putIfAbsent(node.getMetadata().getName(), List.of());
            }
        }
        UpdateBudget budget = UpdateBudget.of(ds, desired);
        Long generation = DaemonPods.templateGeneration(ds);
        int minReady = ManagePlan.minReadySeconds(ds);
        if (budget.maxSurge() == 0) {
            return withoutSurge(byNode, hash, generation, minReady, budget.maxUnavailable(), now);
        }
        return withSurge(byNode, nodes, eligibility, hash, generation, minReady, budget.maxSurge(), desired, now);
    }

    private static RollingUpdatePlan withoutSurge(Map<String, List<Pod>> byNode, String hash, Long generation,
                                                  int minReady, int maxUnavailable, Instant now) {
        int numUnavailable = 0;
        List<Pod> replacements = new ArrayList<>();
        List<Pod> candidates = new ArrayList<>();
        for (List<Pod> pods : byNode.values()) {
            Pair pair = Pair.find(pods, hash, generation);
            if (pair == null || (pair.oldPod == null) == (pair.newPod == null)) {
                numUnavailable++; // duplicates, none, or both: the manage step deals with the node
            } else if (pair.newPod != null) {
                if (!PodUtil.isAvailable(pair.newPod, minReady, now)) {
                    numUnavailable++;
                }
            } else if (!PodUtil.isAvailable(pair.oldPod, minReady, now)) {
                replacements.add(pair.oldPod); // replacing it costs no availability
                numUnavailable++;
            } else if (numUnavailable < maxUnavailable) {
                candidates.add(pair.oldPod);
            }
        }
        int remaining = Math.max(0, Math.min(maxUnavailable - numUnavailable, candidates.size()));
        List<Pod> delete = new ArrayList<>(replacements);
        delete.addAll(candidates.subList(0, remaining));
        return new RollingUpdatePlan(delete, List.of());
    }

    private static RollingUpdatePlan withSurge(Map<String, List<Pod>> byNode, Map<String, Node> nodes,
                                               NodeEligibility eligibility, String hash, Long generation, int minReady,
                                               int maxSurge, int desired, Instant now) {
        List<Pod> delete = new ArrayList<>();
        List<Pod> shouldNotRun = new ArrayList<>();
        List<String> allowedNew = new ArrayList<>();
        List<String> candidateNew = new ArrayList<>();
        int numSurge = 0;
        int numAvailable = 0;
        for (Map.Entry<String, List<Pod>> e : byNode.entrySet()) {
            Pair pair = Pair.find(e.getValue(), hash, generation);
            if (pair == null) {
                numSurge++; // duplicates: the manage step prunes them first
                continue;
            }
            Pod counted = pair.oldPod != null ? pair.oldPod : pair.newPod;
            if (counted != null && PodUtil.isAvailable(counted, minReady, now)) {
                numAvailable++;
            }
            if (pair.oldPod == null) {
                continue; // the manage step creates a pod where there is none
            }
            Node node = nodes.get(e.getKey());
            boolean shouldRun = node != null && eligibility.decide(node).shouldRun();
            if (pair.newPod == null) {
                if (!PodUtil.isAvailable(pair.oldPod, minReady, now)) {
                    if (shouldRun) {
                        allowedNew.add(e.getKey());
                    } else {
                        delete.add(pair.oldPod);
                    }
                } else if (!shouldRun) {
                    shouldNotRun.add(pair.oldPod);
                } else if (numSurge < maxSurge) {
                    candidateNew.add(e.getKey());
                }
            } else if (!PodUtil.isAvailable(pair.newPod, minReady, now)) {
                numSurge++; // waiting for the new pod
            } else {
                delete.add(pair.oldPod); // the new one is available: the old one goes
            }
        }
        // full availability is the point of surging: pods that may no longer run go only once others replace them
        int deletable = Math.min(numAvailable - desired, shouldNotRun.size());
        if (deletable > 0) {
            delete.addAll(shouldNotRun.subList(0, deletable));
        }
        int remaining = Math.max(0, Math.min(maxSurge - numSurge, candidateNew.size()));
        List<String> create = new ArrayList<>(allowedNew);
        create.addAll(candidateNew.subList(0, remaining));
        return new RollingUpdatePlan(delete, create);
    }

    /** findUpdatedPodsOnNode: at most one new and one old non-terminating pod on a node, else null. */
    private record Pair(Pod newPod, Pod oldPod) {
        static Pair find(List<Pod> pods, String hash, Long generation) {
            Pod newPod = null;
            Pod oldPod = null;
            for (Pod pod : pods) {
                if (pod.getMetadata().getDeletionTimestamp() != null) {
                    continue;
                }
                if (DaemonPods.isUpdated(pod, hash, generation)) {
                    if (newPod != null) {
                        return null;
                    }
                    newPod = pod;
                } else {
                    if (oldPod != null) {
                        return null;
                    }
                    oldPod = pod;
                }
            }
            return new Pair(newPod, oldPod);
        }
    }
}
