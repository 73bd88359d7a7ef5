package io.quarkube.controllermanager.controller;

import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;

import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Orders pods so that the ones to delete first come first, as Kubernetes' ActivePodsWithRanks does:
 * unassigned before assigned; Pending before Unknown before Running; not ready before ready; lower
 * pod-deletion-cost first; more pods of the same owner on the node first; ready for less time first;
 * more container restarts first; newer before older.
 */
public final class ActivePodsRanking implements Comparator<Pod> {
    public static final String DELETION_COST = "controller.kubernetes.io/pod-deletion-cost";

    private static final Map<String, Integer> PHASE_ORDER = Map.of("Pending", 0, "Unknown", 1, "Running", 2);

    private final Map<String, Integer> podsPerNode;

    /** @param pods the owner's active pods: ranks count how many of them share a node */
    public ActivePodsRanking(List<Pod> pods) {
        this.podsPerNode = new HashMap<>();
        for (Pod pod : pods) {
            String node = nodeName(pod);
            if (node != null) {
                podsPerNode.merge(node, 1, Integer::sum);
            }
        }
    }

    /** The first {@code count} pods to delete. */
    public static List<Pod> podsToDelete(List<Pod> pods, int count) {
        return pods.stream().sorted(new ActivePodsRanking(pods)).limit(count).toList();
    }

    @Override
    public int compare(Pod a, Pod b) {
        int c = Boolean.compare(nodeName(a) != null, nodeName(b) != null);
        if (c == 0) {
            c = Integer.compare(PHASE_ORDER.getOrDefault(PodUtil.phase(a), 0), PHASE_ORDER.getOrDefault(PodUtil.phase(b), 0));
        }
        if (c == 0) {
            c = Boolean.compare(PodUtil.isReady(a), PodUtil.isReady(b));
        }
        if (c == 0) {
            c = Integer.compare(deletionCost(a), deletionCost(b));
        }
        if (c == 0) {
            c = Integer.compare(rank(b), rank(a));
        }
        if (c == 0 && PodUtil.isReady(a) && PodUtil.isReady(b)) {
            c = newerFirst(readySince(a), readySince(b));
        }
        if (c == 0) {
            c = Integer.compare(restarts(b), restarts(a));
        }
        if (c == 0) {
            c = newerFirst(PodUtil.time(a.getMetadata().getCreationTimestamp()),
                    PodUtil.time(b.getMetadata().getCreationTimestamp()));
        }
        return c;
    }

    private int rank(Pod pod) {
        String node = nodeName(pod);
        return node == null ? 0 : podsPerNode.getOrDefault(node, 0);
    }

    /** Unknown (null) times count as newest. */
    private static int newerFirst(Instant a, Instant b) {
        if (a == null || b == null) {
            return Boolean.compare(a != null, b != null);
        }
        return b.compareTo(a);
    }

    private static String nodeName(Pod pod) {
        String node = pod.getSpec() == null ? null : pod.getSpec().getNodeName();
        return node == null || node.isEmpty() ? null : node;
    }

    private static Instant readySince(Pod pod) {
        var ready = PodUtil.readyCondition(pod);
        return ready == null ? null : PodUtil.time(ready.getLastTransitionTime());
    }

    private static int restarts(Pod pod) {
        if (pod.getStatus() == null || pod.getStatus().getContainerStatuses() == null) {
            return 0;
        }
        return pod.getStatus().getContainerStatuses().stream()
                .map(ContainerStatus::getRestartCount).filter(r -> r != null)
                .mapToInt(Integer::intValue).max().orElse(0);
    }

    private static int deletionCost(Pod pod) {
        var annotations = pod.getMetadata().getAnnotations();
        String cost = annotations == null ? null : annotations.get(DELETION_COST);
        if (cost == null) {
            return 0;
        }
        try {
            return Integer.parseInt(cost.trim());
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
