package io.quarkube.controllermanager.deployment;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;

/**
 * The deployment.kubernetes.io annotations (deployment_util.go): the revision of each ReplicaSet and of the
 * Deployment, the revisions a rolled-back-to ReplicaSet served before, and desired-/max-replicas, which tell a
 * scaling event from a rollout and give the proportions when scaling mid-rollout.
 */
public final class Revisions {
    public static final String REVISION = "deployment.kubernetes.io/revision";
    public static final String REVISION_HISTORY = "deployment.kubernetes.io/revision-history";
    public static final String DESIRED_REPLICAS = "deployment.kubernetes.io/desired-replicas";
    public static final String MAX_REPLICAS = "deployment.kubernetes.io/max-replicas";
    static final String LAST_APPLIED = "kubectl.kubernetes.io/last-applied-configuration";
    static final String ROLLBACK_TO = "deprecated.deployment.rollback.to";
    /** Kubernetes' maxRevHistoryLengthInChars. */
    static final int MAX_HISTORY_CHARS = 2000;

    private static final Set<String> NOT_COPIED = Set.of(LAST_APPLIED, REVISION, REVISION_HISTORY,
            DESIRED_REPLICAS, MAX_REPLICAS, ROLLBACK_TO);

    private Revisions() {
    }

    /** The revision annotation as a number; 0 when absent or unreadable (MaxRevision skips those). */
    public static long revision(HasMetadata object) {
        String value = annotations(object).get(REVISION);
        if (value == null) {
            return 0;
        }
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    public static long maxRevision(List<ReplicaSet> sets) {
        return sets.stream().mapToLong(Revisions::revision).max().orElse(0);
    }

    /**
     * SetNewReplicaSetAnnotations: copies the Deployment's annotations (but not these bookkeeping ones), raises
     * the revision to newRevision if lower (keeping the old one in revision-history: a rollback to this
     * ReplicaSet), and on a new ReplicaSet sets desired-/max-replicas. True if anything changed.
     */
    public static boolean setNewReplicaSetAnnotations(Deployment d, ReplicaSet rs, long newRevision, boolean exists) {
        Map<String, String> annotations = mutableAnnotations(rs);
        boolean changed = false;
        for (Map.Entry<String, String> e : annotations(d).entrySet()) {
            if (!NOT_COPIED.contains(e.getKey()) && !e.getValue().equals(annotations.get(e.getKey()))) {
                annotations.put(e.getKey(), e.getValue());
                changed = true;
            }
        }
        String oldRevision = annotations.get(REVISION);
        long old;
        try {
            old = oldRevision == null || oldRevision.isEmpty() ? 0 : Long.parseLong(oldRevision);
        } catch (NumberFormatException e) {
            return false;
        }
        if (old < newRevision) {
            annotations.put(REVISION, Long.toString(newRevision));
            changed = true;
            if (oldRevision != null) {
                appendHistory(annotations, oldRevision);
            }
        }
        if (!exists && setReplicasAnnotations(rs, Replicas.of(d), Replicas.of(d) + Fenceposts.maxSurge(d))) {
            changed = true;
        }
        return changed;
    }

    private static void appendHistory(Map<String, String> annotations, String oldRevision) {
        String history = annotations.get(REVISION_HISTORY);
        if (history == null || history.isEmpty()) {
            annotations.put(REVISION_HISTORY, oldRevision);
            return;
        }
        List<String> revisions = new ArrayList<>(Arrays.asList(history.split(",")));
        int total = history.length() + oldRevision.length() + 1;
        while (total > MAX_HISTORY_CHARS && !revisions.isEmpty()) {
            total -= revisions.remove(0).length() + 1;
        }
        if (total <= MAX_HISTORY_CHARS) {
            revisions.add(oldRevision);
            annotations.put(REVISION_HISTORY, String.join(",", revisions));
        }
    }

    /** desired-replicas and max-replicas; true if either changed. */
    public static boolean setReplicasAnnotations(ReplicaSet rs, int desired, int max) {
        Map<String, String> annotations = mutableAnnotations(rs);
        boolean changed = !Integer.toString(desired).equals(annotations.get(DESIRED_REPLICAS))
                || !Integer.toString(max).equals(annotations.get(MAX_REPLICAS));
        annotations.put(DESIRED_REPLICAS, Integer.toString(desired));
        annotations.put(MAX_REPLICAS, Integer.toString(max));
        return changed;
    }

    public static OptionalInt desiredReplicas(ReplicaSet rs) {
        return intAnnotation(rs, DESIRED_REPLICAS);
    }

    public static OptionalInt maxReplicas(ReplicaSet rs) {
        return intAnnotation(rs, MAX_REPLICAS);
    }

    /** SetDeploymentRevision; true if it changed. */
    public static boolean setDeploymentRevision(Deployment d, String revision) {
        Map<String, String> annotations = mutableAnnotations(d);
        if (revision == null || revision.equals(annotations.get(REVISION))) {
            return false;
        }
        annotations.put(REVISION, revision);
        return true;
    }

    private static OptionalInt intAnnotation(ReplicaSet rs, String key) {
        String value = annotations(rs).get(key);
        if (value == null) {
            return OptionalInt.empty();
        }
        try {
            return OptionalInt.of(Integer.parseInt(value));
        } catch (NumberFormatException e) {
            return OptionalInt.empty();
        }
    }

    static Map<String, String> annotations(HasMetadata object) {
        Map<String, String> a = object.getMetadata().getAnnotations();
        return a == null ? Map.of() : a;
    }

    private static Map<String, String> mutableAnnotations(HasMetadata object) {
        Map<String, String> a = object.getMetadata().getAnnotations();
        if (a == null) {
            a = new HashMap<>();
        } else if (!(a instanceof HashMap)) {
            a = new HashMap<>(a);
        }
        object.getMetadata().setAnnotations(a);
        return a;
    }
}
