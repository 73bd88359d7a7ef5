package io.quarkube.controllermanager.daemonset;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.quarkube.controllermanager.controller.PodUtil;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Kubernetes' manage/podsShouldBeOnNode, without side effects: which nodes need a daemon pod and which pods must
 * go — failed and succeeded pods (failed ones under a per-node backoff), all but the oldest of duplicates on a
 * node (with maxSurge: one old and one new pod may share a node until the new one is available), pods on nodes
 * that should no longer run one, and pods whose node is gone.
 */
record ManagePlan(List<String> nodesNeedingPods, List<Pod> podsToDelete, List<String> warnings,
                  List<String> notices, Duration retryAfter) {

    static ManagePlan compute(DaemonSet ds, List<Node> nodes, NodeEligibility eligibility,
                              Map<String, List<Pod>> nodeToPods, String hash, FailedPodBackoff backoff, Instant now) {
        Builder b = new Builder();
        Set<String> nodeNames = new HashSet<>();
        boolean surge = UpdateBudget.allowsSurge(ds);
        int minReadySeconds = minReadySeconds(ds);
        for (Node node : nodes) {
            String name = node.getMetadata().getName();
            nodeNames.add(name);
            NodeEligibility.Decision decision = eligibility.decide(node);
            List<Pod> pods = nodeToPods.get(name);
            if (decision.shouldRun() && pods == null) {
                b.nodesNeedingPods.add(name);
            } else if (decision.shouldContinueRunning() && pods != null) {
                List<Pod> running = new ArrayList<>();
                for (Pod pod : pods) {
                    if (pod.getMetadata().getDeletionTimestamp() != null) {
                        continue;
                    }
                    if ("Failed".equals(PodUtil.phase(pod))) {
                        b.failed(ds, pod, name, backoff, now);
                    } else if ("Succeeded".equals(PodUtil.phase(pod))) {
                        b.notices.add("Found succeeded daemon pod " + ref(pod) + " on node " + name
                                + ", will try to delete it");
                        b.podsToDelete.add(pod);
                    } else {
                        running.add(pod);
                    }
                }
                running.sort(DaemonPods.OLDEST_FIRST);
                if (!surge || running.size() <= 1) {
                    if (running.size() > 1) {
                        b.podsToDelete.addAll(running.subList(1, running.size())); // keep the oldest
                    } else if (surge && running.isEmpty() && decision.shouldRun()) {
                        b.nodesNeedingPods.add(name);
                    }
                } else {
                    b.pruneSurged(running, hash, DaemonPods.templateGeneration(ds), minReadySeconds, now);
                }
            } else if (!decision.shouldContinueRunning() && pods != null) {
                pods.stream().filter(p -> p.getMetadata().getDeletionTimestamp() == null).forEach(b.podsToDelete::add);
            }
        }
        // the node is gone: its pods can never run (Kubernetes leaves bound ones to the pod GC; we do not wait)
        nodeToPods.forEach((node, pods) -> {
            if (!nodeNames.contains(node)) {
                pods.stream().filter(p -> p.getMetadata().getDeletionTimestamp() == null).forEach(b.podsToDelete::add);
            }
        });
        return new ManagePlan(b.nodesNeedingPods, b.podsToDelete, b.warnings, b.notices, b.retryAfter);
    }

    static int minReadySeconds(DaemonSet ds) {
        Integer seconds = ds.getSpec().getMinReadySeconds();
        return seconds == null ? 0 : seconds;
    }

    private static String ref(Pod pod) {
        return pod.getMetadata().getNamespace() + "/" + pod.getMetadata().getName();
    }

    private static final class Builder {
        final List<String> nodesNeedingPods = new ArrayList<>();
        final List<Pod> podsToDelete = new ArrayList<>();
        final List<String> warnings = new ArrayList<>();
        final List<String> notices = new ArrayList<>();
        Duration retryAfter;

        /** A kubelet that keeps rejecting the pod must not make us re-create it in a hot loop. */
        void failed(DaemonSet ds, Pod pod, String node, FailedPodBackoff backoff, Instant now) {
            Long observed = ds.getStatus() == null ? null : ds.getStatus().getObservedGeneration();
            String key = FailedPodBackoff.key(ds.getMetadata().getUid(), observed, node);
            if (backoff.inBackoff(key, now)) {
                Duration delay = backoff.current(key);
                retryAfter = retryAfter == null || delay.compareTo(retryAfter) < 0 ? delay : retryAfter;
                return;
            }
            backoff.next(key, now);
            warnings.add("Found failed daemon pod " + ref(pod) + " on node " + node + ", will try to kill it");
            podsToDelete.add(pod);
        }

        /**
         * With surge, two pods may share a node only while the oldest new one is not yet available and the
         * oldest old one is ready; every other pod goes.
         */
        void pruneSurged(List<Pod> running, String hash, Long generation, int minReadySeconds, Instant now) {
            Pod oldestNew = null;
            Pod oldestOld = null;
            for (Pod pod : running) {
                if (DaemonPods.isUpdated(pod, hash, generation)) {
                    if (oldestNew == null) {
                        oldestNew = pod;
                        continue;
                    }
                } else if (oldestOld == null) {
                    oldestOld = pod;
                    continue;
                }
                podsToDelete.add(pod);
            }
            if (oldestNew != null && oldestOld != null && (!PodUtil.isReady(oldestOld)
                    || PodUtil.isAvailable(oldestNew, minReadySeconds, now))) {
                podsToDelete.add(oldestOld);
            }
        }
    }
}
