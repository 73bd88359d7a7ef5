package io.quarkube.controllermanager.podgc;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.quarkube.api.Resources;
import io.quarkube.api.client.ApiException;
import io.quarkube.api.json.Json;
import io.quarkube.controllermanager.controller.ControllerContext;
import io.quarkube.controllermanager.controller.ControllerRunner;
import io.quarkube.controllermanager.controller.Lister;
import io.quarkube.controllermanager.controller.PodUtil;
import io.quarkube.controllermanager.controller.Reconciler;
import io.quarkube.controllermanager.controller.Result;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * Kubernetes' PodGCController, one pass every podGcPeriod (a single periodic key, so it runs only while this
 * replica leads): deletes the oldest terminated pods beyond terminatedPodGcThreshold (evicted ones first),
 * terminating pods on not-ready nodes tainted out-of-service, pods bound to nodes that no longer exist (after a
 * 40 s quarantine and a live GET, since the cache may lag), and terminating pods never scheduled. Each pod still
 * running is first set to phase Failed, then deleted with grace period 0: no kubelet will confirm it.
 */
public final class PodGarbageCollector implements Reconciler {
    public static final String KEY = "@pod-gc";
    public static final Duration QUARANTINE = Duration.ofSeconds(40);
    static final String OUT_OF_SERVICE = "node.kubernetes.io/out-of-service";
    private static final Logger LOG = Logger.getLogger(PodGarbageCollector.class);
    private static final Comparator<Pod> OLDEST_FIRST = Comparator
            .comparing((Pod p) -> !isEvicted(p))
            .thenComparing(p -> Objects.requireNonNullElse(PodUtil.time(p.getMetadata().getCreationTimestamp()),
                    Instant.EPOCH))
            .thenComparing(p -> p.getMetadata().getName());

    private final Supplier<Collection<Pod>> pods;
    private final Lister<Node> nodes;
    private final PodGcClient client;
    private final Clock clock;
    private final int threshold;
    private final Duration period;
    private final Duration quarantine;
    /** Nodes pods are bound to but the cache does not have, since when (only the one key touches it). */
    private final Map<String, Instant> missingSince = new HashMap<>();

    public PodGarbageCollector(Supplier<Collection<Pod>> pods, Lister<Node> nodes, PodGcClient client, Clock clock,
                               int threshold, Duration period, Duration quarantine) {
        this.pods = pods;
        this.nodes = nodes;
        this.client = client;
        this.clock = clock;
        this.threshold = threshold;
        this.period = period;
        this.quarantine = quarantine;
    }

    public static ControllerRunner setUp(ControllerContext context) {
        var podStore = context.informer().watch(Resources.PODS);
        Lister<Node> nodes = context.lister(Resources.NODES);
        PodGarbageCollector gc = new PodGarbageCollector(podStore::list, nodes, PodGcClient.of(context.api()),
                context.clock(), context.config().terminatedPodGcThreshold(), context.config().podGcPeriod(),
                QUARANTINE);
        ControllerRunner runner = new ControllerRunner("pod-gc", gc, 1);
        runner.enqueue(KEY);
        return runner;
    }

    @Override
    public Result sync(String key) {
        try {
            gc();
        } catch (RuntimeException e) { // the next pass comes anyway; a failure must not slow it down
            LOG.warnf("pod garbage collection failed: %s", e.toString());
        }
        return Result.requeueAfter(period);
    }

    void gc() {
        List<Pod> all = List.copyOf(pods.get());
        Set<String> done = new HashSet<>();
        if (threshold > 0) {
            gcTerminated(all, done);
        }
        gcTerminatingOutOfService(all, done);
        gcOrphaned(all, done);
        gcUnscheduledTerminating(all, done);
    }

    private void gcTerminated(List<Pod> all, Set<String> done) {
        List<Pod> terminated = all.stream().filter(PodUtil::isTerminal).filter(p -> !beingRemoved(p)).toList();
        int excess = terminated.size() - threshold;
        if (excess <= 0) {
            return;
        }
        LOG.infof("%d terminated pods, %d over the threshold of %d: deleting the oldest", terminated.size(), excess,
                threshold);
        terminated.stream().sorted(OLDEST_FIRST).limit(excess)
                .forEach(p -> delete(p, null, done, "terminated pod over the threshold"));
    }

    private void gcTerminatingOutOfService(List<Pod> all, Set<String> done) {
        for (Pod pod : all) {
            if (pod.getMetadata().getDeletionTimestamp() == null || beingRemoved(pod) || nodeName(pod) == null) {
                continue;
            }
            nodes.get(null, nodeName(pod))
                    .filter(n -> !"True".equals(readyStatus(n)) && hasTaint(n, OUT_OF_SERVICE))
                    .ifPresent(n -> delete(pod, null, done, "terminating on out-of-service node " + nodeName(pod)));
        }
    }

    private void gcOrphaned(List<Pod> all, Set<String> done) {
        Instant now = clock.instant();
        Set<String> referenced = all.stream().map(PodGarbageCollector::nodeName).filter(Objects::nonNull)
                .collect(Collectors.toSet());
        missingSince.keySet().retainAll(referenced);
        for (String name : referenced) {
            if (nodes.get(null, name).isPresent()) {
                missingSince.remove(name);
            } else {
                missingSince.putIfAbsent(name, now);
            }
        }
        Set<String> deleted = new HashSet<>();
        for (Map.Entry<String, Instant> entry : List.copyOf(missingSince.entrySet())) {
            if (now.isBefore(entry.getValue().plus(quarantine))) {
                continue;
            }
            try {
                if (client.getNode(entry.getKey()).isEmpty()) {
                    deleted.add(entry.getKey());
                } else {
                    missingSince.remove(entry.getKey()); // the cache lags; looked at again if it stays missing
                }
            } catch (RuntimeException e) {
                LOG.warnf("pod gc: could not read node %s: %s", entry.getKey(), e.getMessage());
            }
        }
        for (Pod pod : all) {
            if (deleted.contains(nodeName(pod)) && !beingRemoved(pod)) {
                delete(pod, Map.of("type", "DisruptionTarget", "status", "True", "reason", "DeletionByPodGC",
                        "message", "PodGC: node no longer exists", "lastTransitionTime", Json.formatTime(now)),
                        done, "orphaned: node " + nodeName(pod) + " no longer exists");
            }
        }
    }

    private void gcUnscheduledTerminating(List<Pod> all, Set<String> done) {
        for (Pod pod : all) {
            if (pod.getMetadata().getDeletionTimestamp() != null && nodeName(pod) == null && !beingRemoved(pod)) {
                delete(pod, null, done, "terminating and never scheduled");
            }
        }
    }

    /** markFailedAndDeletePodWithCondition: Failed first (no kubelet will say so), then a grace-0 delete. */
    private void delete(Pod pod, Map<String, Object> condition, Set<String> done, String why) {
        String uid = pod.getMetadata().getUid();
        if (!done.add(uid)) {
            return;
        }
        String ns = pod.getMetadata().getNamespace();
        String name = pod.getMetadata().getName();
        try {
            if (!PodUtil.isTerminal(pod)) {
                Map<String, Object> status = new LinkedHashMap<>();
                status.put("phase", "Failed");
                if (condition != null) {
                    status.put("conditions", List.of(condition));
                }
                client.patchPodStatus(ns, name, Map.of("metadata", Map.of("uid", uid), "status", status));
            }
            client.forceDeletePod(ns, name, uid);
            LOG.infof("pod gc: force-deleted pod %s/%s (%s)", ns, name, why);
        } catch (ApiException e) {
            if (!e.isNotFound()) {
                LOG.warnf("pod gc: deleting pod %s/%s (%s) failed: %s", ns, name, why, e.getMessage());
            }
        }
    }

    /** Already deleted with grace 0: only finalizers hold it, another delete would change nothing. */
    private static boolean beingRemoved(Pod pod) {
        return pod.getMetadata().getDeletionTimestamp() != null
                && Objects.equals(0L, pod.getMetadata().getDeletionGracePeriodSeconds());
    }

    /** eviction.PodIsEvicted: Failed with reason Evicted. */
    private static boolean isEvicted(Pod pod) {
        return "Failed".equals(PodUtil.phase(pod)) && pod.getStatus() != null
                && "Evicted".equals(pod.getStatus().getReason());
    }

    private static String nodeName(Pod pod) {
        String name = pod.getSpec() == null ? null : pod.getSpec().getNodeName();
        return name == null || name.isEmpty() ? null : name;
    }

    private static String readyStatus(Node node) {
        return node.getStatus() == null || node.getStatus().getConditions() == null ? null
                : node.getStatus().getConditions().stream().filter(c -> "Ready".equals(c.getType()))
                .map(c -> c.getStatus()).findFirst().orElse(null);
    }

    private static boolean hasTaint(Node node, String key) {
        return node.getSpec() != null && node.getSpec().getTaints() != null
                && node.getSpec().getTaints().stream().anyMatch(t -> key.equals(t.getKey()));
    }
}
