package io.quarkube.controllermanager.statefulset;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.ControllerRevision;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetStatus;
import io.quarkube.controllermanager.controller.SlowStart;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One pass of Kubernetes' updateStatefulSet over a set's pods. OrderedReady ("monotonic"): create ordinal i
 * only once 0..i-1 are Running and Ready, delete condemned pods from the highest ordinal one at a time and only
 * while the others are healthy; Parallel: create and delete without waiting. Failed or Succeeded pods are
 * deleted so that the next pass recreates them under the same name. Then RollingUpdate deletes, from the highest
 * ordinal down to the partition, the first pod not at the update revision, one at a time (OnDelete leaves them).
 */
final class StatefulSetControl {
    private static final Logger LOG = Logger.getLogger(StatefulSetControl.class);

    private final StatefulPodControl podControl;
    private final Executor podWrites;
    private final Clock clock;

    StatefulSetControl(StatefulPodControl podControl, Executor podWrites, Clock clock) {
        this.podControl = podControl;
        this.podWrites = podWrites;
        this.clock = clock;
    }

    /** The status to record, and the first failure (the status is written even then). */
    record Outcome(StatefulSetStatus status, RuntimeException error) {
    }

    @FunctionalInterface
    private interface Step {
        /** True when the pass must stop here (monotonic mode waits for this pod). */
        boolean run(int index);
    }

    Outcome update(StatefulSet set, ControllerRevision currentRevision, ControllerRevision updateRevision,
                   int collisionCount, List<Pod> pods) {
        StatefulSet currentSet = Revisions.apply(set, currentRevision);
        StatefulSet updateSet = Revisions.apply(set, updateRevision);
        String current = currentRevision.getMetadata().getName();
        String update = updateRevision.getMetadata().getName();
        Instant now = clock.instant();
        int minReady = StatefulPods.minReadySeconds(set);

        StatefulSetStatus status = new StatefulSetStatus();
        status.setObservedGeneration(set.getMetadata().getGeneration());
        status.setCurrentRevision(current);
        status.setUpdateRevision(update);
        status.setCollisionCount(collisionCount);
        if (set.getStatus() != null) {
            status.setConditions(set.getStatus().getConditions());
        }
        StatefulSetStatuses.count(status, minReady, now, current, update, pods);

        int start = StatefulPods.startOrdinal(set);
        Pod[] replicas = new Pod[StatefulPods.replicas(set)];
        List<Pod> condemned = new ArrayList<>();
        for (Pod pod : pods) {
            if (StatefulPods.inOrdinalRange(pod, set)) {
                replicas[StatefulPods.ordinal(pod) - start] = pod;
            } else if (StatefulPods.ordinal(pod) >= 0) {
                condemned.add(pod);
            }
        }
        for (int i = 0; i < replicas.length; i++) {
            if (replicas[i] == null) {
                replicas[i] = StatefulPods.newVersionedPod(currentSet, updateSet, current, update, start + i);
            }
        }
        condemned.sort(Comparator.comparingInt(StatefulPods::ordinal).reversed());
        Pod firstUnhealthy = Arrays.stream(replicas).filter(p -> StatefulPods.isUnavailable(p, minReady, now))
                .findFirst().orElse(null);
        for (int i = condemned.size() - 1; i >= 0 && firstUnhealthy == null; i--) {
            if (StatefulPods.isUnavailable(condemned.get(i), minReady, now)) {
                firstUnhealthy = condemned.get(i);
            }
        }
        if (set.getMetadata().getDeletionTimestamp() != null) {
            return new Outcome(status, null);
        }

        boolean monotonic = !StatefulPods.allowsBurst(set);
        List<Pod> replicaList = Arrays.asList(replicas);
        Pod unhealthy = firstUnhealthy;
        try {
            if (runForAll(replicas.length, i -> processReplica(set, updateSet, monotonic, replicas[i], minReady, now),
                    monotonic)
                    || runForAll(condemned.size(), i -> fixClaims(updateSet, condemned.get(i)), monotonic)
                    || runForAll(condemned.size(),
                    i -> processCondemned(set, unhealthy, monotonic, condemned.get(i), minReady, now), monotonic)) {
                StatefulSetStatuses.count(status, minReady, now, current, update, replicaList, condemned);
                return new Outcome(status, null);
            }
        } catch (RuntimeException e) {
            StatefulSetStatuses.count(status, minReady, now, current, update, replicaList, condemned);
            return new Outcome(status, e);
        }
        StatefulSetStatuses.count(status, minReady, now, current, update, replicaList, condemned);
        var strategy = set.getSpec().getUpdateStrategy();
        if (strategy != null && "OnDelete".equals(strategy.getType())) {
            return new Outcome(status, null);
        }
        return rollingUpdate(set, replicas, update, status, minReady, now);
    }

    /** Deletes the highest-ordinal pod not at the update revision, at or above the partition; one per pass. */
    private Outcome rollingUpdate(StatefulSet set, Pod[] replicas, String update, StatefulSetStatus status,
                                  int minReady, Instant now) {
        int updateMin = StatefulPods.partition(set);
        for (int target = replicas.length - 1; target >= updateMin; target--) {
            Pod pod = replicas[target];
            if (!StatefulPods.revision(pod).equals(update) && !StatefulPods.isTerminating(pod)) {
                LOG.infof("StatefulSet %s/%s: deleting pod %s for update to revision %s",
                        set.getMetadata().getNamespace(), set.getMetadata().getName(), pod.getMetadata().getName(),
                        update);
                try {
                    podControl.delete(set, pod);
                } catch (RuntimeException e) {
                    return new Outcome(status, e);
                }
                status.setCurrentReplicas(status.getCurrentReplicas() - 1);
                return new Outcome(status, null);
            }
            if (StatefulPods.isUnavailable(pod, minReady, now)) {
                return new Outcome(status, null); // wait for the updated pod to become available
            }
        }
        return new Outcome(status, null);
    }

    private boolean processReplica(StatefulSet set, StatefulSet updateSet, boolean monotonic, Pod pod,
                                   int minReady, Instant now) {
        String phase = pod.getStatus() == null ? null : pod.getStatus().getPhase();
        if ("Failed".equals(phase) || "Succeeded".equals(phase)) {
            if (!StatefulPods.isTerminating(pod)) {
                LOG.infof("StatefulSet %s/%s: pod %s is %s, deleting it to recreate it",
                        set.getMetadata().getNamespace(), set.getMetadata().getName(), pod.getMetadata().getName(),
                        phase);
                podControl.delete(set, pod);
            }
            return true; // recreated on a later pass, once it is gone
        }
        if (!StatefulPods.isCreated(pod)) {
            if (podControl.claimIsStale(set, pod)) {
                return true;
            }
            podControl.create(set, pod);
            if (monotonic) {
                return true;
            }
        }
        if (StatefulPods.isPending(pod)) {
            podControl.createMissingClaims(set, pod);
        }
        if (monotonic && (StatefulPods.isTerminating(pod) || !StatefulPods.isRunningAndReady(pod)
                || !StatefulPods.isRunningAndAvailable(pod, minReady, now))) {
            return true;
        }
        boolean retentionMatches;
        try {
            retentionMatches = podControl.claimsMatchRetentionPolicy(updateSet, pod);
        } catch (RuntimeException e) {
            retentionMatches = true;
        }
        if (StatefulPods.identityMatches(set, pod) && StatefulPods.storageMatches(set, pod) && retentionMatches) {
            return false;
        }
        podControl.update(updateSet, pod);
        return false;
    }

    /** Claims of a pod about to be scaled away get the references whenScaled asks for, before it goes. */
    private boolean fixClaims(StatefulSet updateSet, Pod pod) {
        if (!podControl.claimsMatchRetentionPolicy(updateSet, pod)) {
            podControl.updateClaimsForRetentionPolicy(updateSet, pod);
        }
        return false;
    }

    private boolean processCondemned(StatefulSet set, Pod firstUnhealthy, boolean monotonic, Pod pod, int minReady,
                                     Instant now) {
        if (StatefulPods.isTerminating(pod)) {
            return monotonic; // monotonic: wait until it is gone before the next one
        }
        if (monotonic && pod != firstUnhealthy && (!StatefulPods.isRunningAndReady(pod)
                || !StatefulPods.isRunningAndAvailable(pod, minReady, now))) {
            return true;
        }
        LOG.infof("StatefulSet %s/%s: deleting pod %s for scale down", set.getMetadata().getNamespace(),
                set.getMetadata().getName(), pod.getMetadata().getName());
        podControl.delete(set, pod);
        return true;
    }

    /** Monotonic: in order, stopping at the first step that says so; burst: slow-start batches in parallel. */
    private boolean runForAll(int count, Step step, boolean monotonic) {
        if (monotonic) {
            for (int i = 0; i < count; i++) {
                if (step.run(i)) {
                    return true;
                }
            }
            return false;
        }
        AtomicInteger next = new AtomicInteger();
        SlowStart.Outcome outcome = SlowStart.run(count, 1, podWrites, () -> step.run(next.getAndIncrement()));
        if (outcome.firstError() != null) {
            throw outcome.firstError();
        }
        return false;
    }
}
