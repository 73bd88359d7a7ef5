package io.quarkube.controllermanager.statefulset;

import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.ControllerRevision;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.quarkube.api.client.ApiException;
import io.quarkube.api.json.Json;
import io.quarkube.api.labels.LabelSelectors;
import io.quarkube.controllermanager.controller.ControllerRefs;
import io.quarkube.controllermanager.controller.Lister;
import org.jboss.logging.Logger;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A StatefulSet's revision history (Kubernetes' getStatefulSetRevisions, truncateHistory and
 * pkg/controller/history): which revision the pods are at (current) and should be at (update), creating or
 * renumbering a revision when the template changes, and deleting the oldest unused revisions beyond
 * spec.revisionHistoryLimit.
 */
final class StatefulSetHistory {
    private static final Logger LOG = Logger.getLogger(StatefulSetHistory.class);
    private static final int MAX_COLLISIONS = 32;

    private final Lister<ControllerRevision> revisions;
    private final RevisionControl control;

    StatefulSetHistory(Lister<ControllerRevision> revisions, RevisionControl control) {
        this.revisions = revisions;
        this.control = control;
    }

    /** The current and update revisions, and the collisionCount the status should carry. */
    record Selected(ControllerRevision current, ControllerRevision update, int collisionCount) {
    }

    /** Revisions the set controls, and orphans its selector matches (history.ListControllerRevisions). */
    List<ControllerRevision> list(StatefulSet set) {
        return revisions.list(set.getMetadata().getNamespace()).stream()
                .filter(r -> LabelSelectors.matches(set.getSpec().getSelector(), r.getMetadata().getLabels()))
                .filter(r -> {
                    OwnerReference ref = ControllerRefs.controllerOf(r);
                    return ref == null || set.getMetadata().getUid().equals(ref.getUid());
                })
                .toList();
    }

    /** Gives orphans the set's controller reference; returns the list with the adopted copies. */
    List<ControllerRevision> adoptOrphans(StatefulSet set, List<ControllerRevision> listed) {
        List<ControllerRevision> result = new ArrayList<>(listed.size());
        for (ControllerRevision revision : listed) {
            if (ControllerRefs.controllerOf(revision) != null || set.getMetadata().getDeletionTimestamp() != null) {
                result.add(revision);
                continue;
            }
            result.add(control.update(ControllerRefs.withOwnerRef(revision,
                    ControllerRefs.newControllerRef(set, StatefulPods.API_VERSION, StatefulPods.KIND))));
            LOG.infof("StatefulSet %s/%s adopted ControllerRevision %s", set.getMetadata().getNamespace(),
                    set.getMetadata().getName(), revision.getMetadata().getName());
        }
        return result;
    }

    /**
     * The update revision is the latest if its data equals the set's template; an older equal one is renumbered
     * to the next number (a roll-back); otherwise a new one is created. The current revision is the one
     * status.currentRevision names, or the update revision for a new set. {@code sorted} as Revisions.sorted.
     */
    Selected select(StatefulSet set, List<ControllerRevision> sorted) {
        int collisionCount = set.getStatus() == null || set.getStatus().getCollisionCount() == null ? 0
                : set.getStatus().getCollisionCount();
        ControllerRevision update = Revisions.newRevision(set, Revisions.next(sorted), collisionCount);
        List<ControllerRevision> equal = Revisions.findEqual(sorted, update);
        if (!equal.isEmpty() && Revisions.sameName(sorted.get(sorted.size() - 1), equal.get(equal.size() - 1))) {
            update = sorted.get(sorted.size() - 1);
        } else if (!equal.isEmpty()) {
            update = renumber(equal.get(equal.size() - 1), update.getRevision());
        } else {
            int[] collisions = {collisionCount};
            update = create(set, update, collisions);
            collisionCount = collisions[0];
        }
        String currentName = set.getStatus() == null ? null : set.getStatus().getCurrentRevision();
        ControllerRevision current = sorted.stream().filter(r -> r.getMetadata().getName().equals(currentName))
                .findFirst().orElse(update);
        return new Selected(current, update, collisionCount);
    }

    /** history.CreateControllerRevision: a taken name with other data is a collision: count it and rehash. */
    private ControllerRevision create(StatefulSet set, ControllerRevision revision, int[] collisionCount) {
        for (int attempt = 0; attempt < MAX_COLLISIONS; attempt++) {
            ControllerRevision candidate = Revisions.newRevision(set, revision.getRevision(), collisionCount[0]);
            try {
                return control.create(candidate);
            } catch (ApiException e) {
                if (e.code() != 409) {
                    throw e;
                }
                ControllerRevision existing = control.get(set.getMetadata().getNamespace(),
                        candidate.getMetadata().getName()).orElse(null);
                if (existing == null) {
                    throw e; // deleted meanwhile: retry the sync
                }
                if (Revisions.equal(existing, candidate)) {
                    return existing;
                }
                collisionCount[0]++;
            }
        }
        throw new IllegalStateException("StatefulSet " + set.getMetadata().getName() + ": " + MAX_COLLISIONS
                + " ControllerRevision name collisions in a row");
    }

    private ControllerRevision renumber(ControllerRevision revision, long number) {
        if (Revisions.number(revision) == number) {
            return revision;
        }
        ControllerRevision copy = Json.copy(revision, ControllerRevision.class);
        copy.setRevision(number);
        return control.update(copy);
    }

    /**
     * Deletes the oldest revisions that neither the status nor any pod refers to, until at most
     * spec.revisionHistoryLimit of them remain (truncateHistory). {@code sorted} as Revisions.sorted.
     */
    void truncate(StatefulSet set, List<Pod> pods, List<ControllerRevision> sorted, ControllerRevision current,
                  ControllerRevision update) {
        Set<String> live = new HashSet<>();
        if (current != null) {
            live.add(current.getMetadata().getName());
        }
        if (update != null) {
            live.add(update.getMetadata().getName());
        }
        pods.forEach(p -> live.add(StatefulPods.revision(p)));
        List<ControllerRevision> history = sorted.stream()
                .filter(r -> !live.contains(r.getMetadata().getName())).toList();
        Integer limit = set.getSpec().getRevisionHistoryLimit();
        int historyLimit = limit == null ? 10 : limit;
        if (historyLimit < 0 || history.size() <= historyLimit) {
            return;
        }
        for (ControllerRevision old : history.subList(0, history.size() - historyLimit)) {
            try {
                control.delete(old.getMetadata().getNamespace(), old.getMetadata().getName(),
                        old.getMetadata().getUid());
            } catch (ApiException e) {
                if (!e.isNotFound() && !e.isConflict()) {
                    throw e;
                }
            }
        }
    }
}
