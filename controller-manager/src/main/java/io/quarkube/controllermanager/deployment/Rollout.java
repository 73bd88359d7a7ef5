package io.quarkube.controllermanager.deployment;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatus;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.quarkube.api.client.ApiException;
import io.quarkube.api.events.EventRecorder;
import io.quarkube.api.json.Json;
import io.quarkube.controllermanager.controller.ControllerRefs;
import io.quarkube.controllermanager.controller.Lister;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One sync of one Deployment: its working copy, the ReplicaSets it owns (replaced by what each write returned,
 * so a second write within the sync carries the new resourceVersion), the pod counts, and the writes common to
 * every strategy — finding or creating the new ReplicaSet with its revision (sync.go getNewReplicaSet), scaling
 * with the ScalingReplicaSet event, history cleanup, status.
 */
final class Rollout {
    record Sets(ReplicaSet newRS, List<ReplicaSet> oldRSs) {
        List<ReplicaSet> all() {
            List<ReplicaSet> all = new ArrayList<>(oldRSs);
            if (newRS != null) {
                all.add(newRS);
            }
            return all;
        }
    }

    private final DeploymentClient client;
    private final EventRecorder recorder;
    private final Lister<ReplicaSet> replicaSets;
    private final Instant now;
    private final PodCounts pods;
    private final List<ReplicaSet> owned;
    private Deployment d;
    private Duration progressCheck;

    Rollout(DeploymentClient client, EventRecorder recorder, Lister<ReplicaSet> replicaSets, Deployment d,
            List<ReplicaSet> owned, PodCounts pods, Instant now) {
        this.client = client;
        this.recorder = recorder;
        this.replicaSets = replicaSets;
        this.d = d;
        this.owned = new ArrayList<>(owned);
        this.pods = pods;
        this.now = now;
    }

    Deployment deployment() {
        return d;
    }

    PodCounts pods() {
        return pods;
    }

    Instant now() {
        return now;
    }

    /** When to sync again for a progress-deadline check, if the status says one is due. */
    Optional<Duration> progressCheck() {
        return Optional.ofNullable(progressCheck);
    }

    /** The latest version of each of these ReplicaSets (what this sync's writes returned). */
    List<ReplicaSet> current(List<ReplicaSet> sets) {
        List<ReplicaSet> out = new ArrayList<>();
        for (ReplicaSet rs : sets) {
            out.add(rs == null ? null : owned.stream().filter(o -> sameUid(o, rs)).findFirst().orElse(rs));
        }
        return out;
    }

    /** getAllReplicaSetsAndSyncRevision: the new ReplicaSet (created if asked and missing) and all old ones. */
    Sets allReplicaSetsAndSyncRevision(boolean create) {
        ReplicaSet existing = findNew();
        List<ReplicaSet> old = owned.stream().filter(rs -> existing == null || !sameUid(rs, existing)).toList();
        return new Sets(newReplicaSet(existing, old, create), old);
    }

    /** FindNewReplicaSet: the oldest ReplicaSet whose template equals the Deployment's, ignoring the hash. */
    private ReplicaSet findNew() {
        return owned.stream().sorted(Replicas.BY_CREATION).filter(rs -> Templates.templateEquals(d, rs))
                .findFirst().orElse(null);
    }

    private ReplicaSet newReplicaSet(ReplicaSet existing, List<ReplicaSet> old, boolean create) {
        long newRevision = Revisions.maxRevision(old) + 1;
        if (existing != null) {
            ReplicaSet copy = Json.copy(existing, ReplicaSet.class);
            boolean annotationsUpdated = Revisions.setNewReplicaSetAnnotations(d, copy, newRevision, true);
            if (annotationsUpdated || !Objects.equals(num(copy.getSpec().getMinReadySeconds()), minReadySeconds())) {
                copy.getSpec().setMinReadySeconds(minReadySeconds());
                copy = replace(client.updateReplicaSet(copy));
            }
            updateRevision(Revisions.annotations(copy).get(Revisions.REVISION));
            if (RolloutStatus.hasProgressDeadline(d) && Conditions.get(d.getStatus(), Conditions.PROGRESSING) == null) {
                Conditions.set(status(), Conditions.create(Conditions.PROGRESSING, "True", Conditions.FOUND_NEW_RS,
                        "Found new replica set \"" + copy.getMetadata().getName() + "\"", now));
                writeStatus();
            }
            return copy;
        }
        if (!create) {
            return null;
        }
        ReplicaSet fresh = Templates.newReplicaSet(d);
        List<ReplicaSet> all = new ArrayList<>(old);
        all.add(fresh);
        int count = Fenceposts.newRSNewReplicas(d, podsAtMost(all), 0);
        fresh.getSpec().setReplicas(count);
        Revisions.setNewReplicaSetAnnotations(d, fresh, newRevision, false);
        ReplicaSet created;
        boolean alreadyExists = false;
        try {
            created = client.createReplicaSet(fresh);
        } catch (ApiException e) {
            if (!"AlreadyExists".equals(e.reason())) {
                failedCreate(fresh, e);
                throw e;
            }
            created = adoptExisting(fresh, e);
            alreadyExists = true;
        }
        owned.add(created);
        if (!alreadyExists && count > 0) {
            recorder.normal(d, "ScalingReplicaSet", "Scaled up replica set " + created.getMetadata().getName()
                    + " from 0 to " + count);
        }
        updateRevision(Long.toString(newRevision));
        if (!alreadyExists && RolloutStatus.hasProgressDeadline(d)) {
            Conditions.set(status(), Conditions.create(Conditions.PROGRESSING, "True", Conditions.NEW_REPLICA_SET,
                    "Created new replica set \"" + created.getMetadata().getName() + "\"", now));
            writeStatus();
        }
        return created;
    }

    /** The name is taken: ours if it has our template (a lagging cache), else a hash collision. */
    private ReplicaSet adoptExisting(ReplicaSet fresh, ApiException e) {
        ReplicaSet rs = replicaSets.get(fresh.getMetadata().getNamespace(), fresh.getMetadata().getName())
                .orElseThrow(() -> e); // not in the cache yet: retry once it is
        if (ControllerRefs.isControlledBy(rs, d) && Templates.templateEquals(d, rs)) {
            return rs;
        }
        Integer collisions = status().getCollisionCount();
        status().setCollisionCount(collisions == null ? 1 : collisions + 1);
        writeStatus();
        throw e; // the next sync computes another hash
    }

    private void failedCreate(ReplicaSet fresh, ApiException e) {
        String msg = "Failed to create new replica set \"" + fresh.getMetadata().getName() + "\": " + e.getMessage();
        if (RolloutStatus.hasProgressDeadline(d)) {
            Conditions.set(status(), Conditions.create(Conditions.PROGRESSING, "False", Conditions.FAILED_RS_CREATE,
                    msg, now));
            try {
                writeStatus();
            } catch (ApiException ignored) {
                // the creation failure is the error to report
            }
        }
        recorder.warning(d, Conditions.FAILED_RS_CREATE, msg);
    }

    record Scaled(boolean scaled, ReplicaSet rs) {
    }

    /** scaleReplicaSetAndRecordEvent: nothing if the size is already right. */
    Scaled scaleAndRecord(ReplicaSet rs, int newScale) {
        if (Replicas.of(rs) == newScale) {
            return new Scaled(false, rs);
        }
        return new Scaled(true, scale(rs, newScale, Replicas.of(rs) < newScale ? "up" : "down"));
    }

    /** scaleReplicaSet: writes the size and the desired-/max-replicas annotations if either changed. */
    ReplicaSet scale(ReplicaSet rs, int newScale, String operation) {
        ReplicaSet copy = Json.copy(rs, ReplicaSet.class);
        int oldScale = Replicas.of(rs);
        boolean sizeChanged = oldScale != newScale;
        boolean annotationsChanged = Revisions.setReplicasAnnotations(copy, Replicas.of(d),
                Replicas.of(d) + Fenceposts.maxSurge(d));
        if (!sizeChanged && !annotationsChanged) {
            return rs;
        }
        copy.getSpec().setReplicas(newScale);
        ReplicaSet written = replace(client.updateReplicaSet(copy));
        if (sizeChanged) {
            recorder.normal(d, "ScalingReplicaSet", "Scaled " + operation + " replica set "
                    + written.getMetadata().getName() + " from " + oldScale + " to " + newScale);
        }
        return written;
    }

    /** cleanupDeployment (see {@link HistoryCleanup}). */
    void cleanup(List<ReplicaSet> oldRSs) {
        HistoryCleanup.run(client, d, current(oldRSs));
    }

    /** syncDeploymentStatus: counts and Available, no progress estimate (scaling, paused, being deleted). */
    void syncDeploymentStatus(List<ReplicaSet> allRSs, ReplicaSet newRS) {
        DeploymentStatus desired = RolloutStatus.calculate(current(allRSs), current(nullable(newRS)).get(0), d, now);
        if (RolloutStatus.changed(d.getStatus(), desired)) {
            d.setStatus(desired);
            writeStatus();
        }
    }

    /** syncRolloutStatus: also estimates progress; with nothing to write, schedules the deadline check. */
    void syncRolloutStatus(List<ReplicaSet> allRSs, ReplicaSet newRS) {
        DeploymentStatus desired = RolloutStatus.rollout(current(allRSs), current(nullable(newRS)).get(0), d, now);
        if (!RolloutStatus.changed(d.getStatus(), desired)) {
            progressCheck = RolloutStatus.progressCheck(d, desired, now).orElse(null);
            return;
        }
        d.setStatus(desired);
        writeStatus();
    }

    /** checkPausedConditions: Progressing Unknown DeploymentPaused / DeploymentResumed. */
    void checkPausedConditions() {
        if (!RolloutStatus.hasProgressDeadline(d)) {
            return;
        }
        var cond = Conditions.get(d.getStatus(), Conditions.PROGRESSING);
        if (cond != null && Conditions.TIMED_OUT.equals(cond.getReason())) {
            return;
        }
        boolean pausedCondition = cond != null && Conditions.PAUSED.equals(cond.getReason());
        boolean paused = Boolean.TRUE.equals(d.getSpec().getPaused());
        if (paused && !pausedCondition) {
            Conditions.set(status(), Conditions.create(Conditions.PROGRESSING, "Unknown", Conditions.PAUSED,
                    "Deployment is paused", now));
            writeStatus();
        } else if (!paused && pausedCondition) {
            Conditions.set(status(), Conditions.create(Conditions.PROGRESSING, "Unknown", Conditions.RESUMED,
                    "Deployment is resumed", now));
            writeStatus();
        }
    }

    /** Sum over the ReplicaSets of the pods each may have: max(spec.replicas, active pods). */
    int podsAtMost(List<ReplicaSet> sets) {
        return current(sets).stream().filter(Objects::nonNull).mapToInt(pods::podsAtMost).sum();
    }

    int availableAtLeast(List<ReplicaSet> sets) {
        return current(sets).stream().filter(Objects::nonNull).mapToInt(pods::availableAtLeast).sum();
    }

    int minReadySeconds() {
        return num(d.getSpec().getMinReadySeconds());
    }

    private void updateRevision(String revision) {
        Deployment copy = Json.copy(d, Deployment.class);
        if (Revisions.setDeploymentRevision(copy, revision)) {
            Deployment written = client.updateDeployment(copy);
            d.setMetadata(written.getMetadata());
        }
    }

    private void writeStatus() {
        Deployment written = client.updateDeploymentStatus(d);
        d.setMetadata(written.getMetadata());
        d.setStatus(written.getStatus());
    }

    private DeploymentStatus status() {
        if (d.getStatus() == null) {
            d.setStatus(new DeploymentStatus());
        }
        return d.getStatus();
    }

    private ReplicaSet replace(ReplicaSet written) {
        owned.replaceAll(rs -> sameUid(rs, written) ? written : rs);
        return written;
    }

    private static List<ReplicaSet> nullable(ReplicaSet rs) {
        List<ReplicaSet> list = new ArrayList<>();
        list.add(rs);
        return list;
    }

    private static boolean sameUid(ReplicaSet a, ReplicaSet b) {
        return Objects.equals(a.getMetadata().getUid(), b.getMetadata().getUid());
    }

    private static int num(Integer value) {
        return value == null ? 0 : value;
    }
}
