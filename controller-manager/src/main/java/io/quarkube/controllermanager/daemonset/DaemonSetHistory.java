package io.quarkube.controllermanager.daemonset;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.ControllerRevision;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.DaemonSetStatus;
import io.quarkube.api.client.ApiException;
import io.quarkube.api.json.Json;
import io.quarkube.api.labels.LabelSelectors;
import io.quarkube.controllermanager.controller.ControllerRefs;
import io.quarkube.controllermanager.controller.Lister;
import io.quarkube.controllermanager.controller.TemplateHash;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A DaemonSet's ControllerRevisions (Kubernetes' constructHistory / snapshot / cleanupHistory): one per template
 * it has had, named {@code <ds>-<hash>}, whose data is the patch that restores that template (what
 * {@code kubectl rollout history/undo daemonset} read). The current one gives the controller-revision-hash of
 * new pods and is renumbered to the highest revision when an old template comes back.
 */
final class DaemonSetHistory {
    record Revisions(ControllerRevision current, List<ControllerRevision> old) {
        String hash() {
            Map<String, String> labels = current.getMetadata().getLabels();
            String hash = labels == null ? null : labels.get(DaemonPods.REVISION_HASH_LABEL);
            return hash == null ? current.getMetadata().getName() : hash;
        }
    }

    /** Another template already holds the name of ours: collisionCount was raised (or was stale); retry. */
    static final class HashCollision extends RuntimeException {
        HashCollision(String message) {
            super(message);
        }
    }

    private final Lister<ControllerRevision> revisions;
    private final DaemonSetWrites writes;

    DaemonSetHistory(Lister<ControllerRevision> revisions, DaemonSetWrites writes) {
        this.revisions = revisions;
        this.writes = writes;
    }

    Revisions construct(DaemonSet ds) {
        JsonNode patch = patch(ds);
        ControllerRevision current = null;
        List<ControllerRevision> old = new ArrayList<>();
        for (ControllerRevision revision : claim(ds)) {
            if (patch.equals(tree(revision.getData()))) {
                if (current == null || rev(revision) > rev(current)) {
                    current = revision; // duplicates of the current template are left alone (Kubernetes merges them)
                }
            } else {
                old.add(revision);
            }
        }
        long next = old.stream().mapToLong(DaemonSetHistory::rev).max().orElse(0) + 1;
        if (current == null) {
            return new Revisions(snapshot(ds, patch, next), old);
        }
        if (rev(current) < next) {
            ControllerRevision renumbered = Json.copy(current, ControllerRevision.class);
            renumbered.setRevision(next);
            current = writes.updateRevision(renumbered);
        }
        return new Revisions(current, old);
    }

    /** Deletes the oldest revisions beyond revisionHistoryLimit that no live pod was made from. */
    void cleanup(DaemonSet ds, List<ControllerRevision> old, Collection<Pod> pods) {
        int limit = ds.getSpec().getRevisionHistoryLimit() == null ? 10 : ds.getSpec().getRevisionHistoryLimit();
        int toKill = old.size() - limit;
        if (toKill <= 0) {
            return;
        }
        Set<String> liveHashes = pods.stream().map(p -> p.getMetadata().getLabels())
                .filter(Objects::nonNull).map(l -> l.get(DaemonPods.REVISION_HASH_LABEL))
                .filter(Objects::nonNull).collect(Collectors.toSet());
        for (ControllerRevision revision : old.stream().sorted(Comparator.comparingLong(DaemonSetHistory::rev)).toList()) {
            if (toKill <= 0) {
                return;
            }
            Map<String, String> labels = revision.getMetadata().getLabels();
            if (labels != null && liveHashes.contains(labels.get(DaemonPods.REVISION_HASH_LABEL))) {
                continue;
            }
            try {
                writes.deleteRevision(revision.getMetadata().getNamespace(), revision.getMetadata().getName(),
                        revision.getMetadata().getUid());
            } catch (ApiException e) {
                if (!e.isNotFound() && !e.isConflict()) {
                    throw e;
                }
            }
            toKill--;
        }
    }

    /** Owned revisions, and orphans matching the selector (adopted, unless the DaemonSet is being deleted). */
    private List<ControllerRevision> claim(DaemonSet ds) {
        List<ControllerRevision> owned = new ArrayList<>();
        for (ControllerRevision revision : revisions.list(ds.getMetadata().getNamespace())) {
            OwnerReference ref = ControllerRefs.controllerOf(revision);
            if (ref != null) {
                if (ControllerRefs.isControlledBy(revision, ds)) {
                    owned.add(revision);
                }
            } else if (ds.getMetadata().getDeletionTimestamp() == null && revision.getMetadata().getDeletionTimestamp() == null
                    && LabelSelectors.matches(ds.getSpec().getSelector(), revision.getMetadata().getLabels())) {
                owned.add(writes.updateRevision(ControllerRefs.withOwnerRef(revision,
                        ControllerRefs.newControllerRef(ds, DaemonSetSync.API_VERSION, DaemonSetSync.KIND))));
            }
        }
        return owned;
    }

    private ControllerRevision snapshot(DaemonSet ds, JsonNode patch, long revision) {
        Integer collisions = ds.getStatus() == null ? null : ds.getStatus().getCollisionCount();
        String hash = TemplateHash.of(ds.getSpec().getTemplate(), collisions);
        String name = ds.getMetadata().getName() + "-" + hash;
        Map<String, String> labels = ds.getSpec().getTemplate().getMetadata() == null
                || ds.getSpec().getTemplate().getMetadata().getLabels() == null ? new HashMap<>()
                : new HashMap<>(ds.getSpec().getTemplate().getMetadata().getLabels());
        labels.put(DaemonPods.REVISION_HASH_LABEL, hash);
        ControllerRevision history = new ControllerRevision();
        history.setApiVersion("apps/v1");
        history.setKind("ControllerRevision");
        ObjectMeta meta = new ObjectMeta();
        meta.setName(name);
        meta.setNamespace(ds.getMetadata().getNamespace());
        meta.setLabels(labels);
        meta.setAnnotations(ds.getMetadata().getAnnotations() == null ? null
                : new HashMap<>(ds.getMetadata().getAnnotations()));
        meta.setOwnerReferences(new ArrayList<>(List.of(
                ControllerRefs.newControllerRef(ds, DaemonSetSync.API_VERSION, DaemonSetSync.KIND))));
        history.setMetadata(meta);
        history.setData(Json.MAPPER.convertValue(patch, Map.class));
        history.setRevision(revision);
        try {
            return writes.createRevision(history);
        } catch (ApiException e) {
            if (!e.isConflict()) {
                throw e;
            }
            // ours, created by an earlier sync the cache has not shown yet, or a hash collision
            ControllerRevision existing = writes.getRevision(meta.getNamespace(), name).orElseThrow(() -> e);
            if (patch.equals(tree(existing.getData()))) {
                return existing;
            }
            bumpCollisionCount(ds);
            throw new HashCollision("ControllerRevision " + name + " holds another template");
        }
    }

    private void bumpCollisionCount(DaemonSet ds) {
        DaemonSet live = writes.getDaemonSet(ds.getMetadata().getNamespace(), ds.getMetadata().getName())
                .orElseThrow(() -> new HashCollision("DaemonSet is gone"));
        Integer seen = ds.getStatus() == null ? null : ds.getStatus().getCollisionCount();
        Integer actual = live.getStatus() == null ? null : live.getStatus().getCollisionCount();
        if (!Objects.equals(seen, actual)) {
            return; // our copy was stale: the retry computes the hash with the newer count
        }
        if (live.getStatus() == null) {
            live.setStatus(new DaemonSetStatus());
        }
        live.getStatus().setCollisionCount(actual == null ? 1 : actual + 1);
        writes.updateStatus(live);
    }

    /** getPatch: {"spec":{"template":{...,"$patch":"replace"}}}, compared as a JSON tree. */
    static JsonNode patch(DaemonSet ds) {
        ObjectNode template = (ObjectNode) tree(ds.getSpec().getTemplate());
        template.put("$patch", "replace");
        ObjectNode spec = Json.MAPPER.createObjectNode();
        spec.set("template", template);
        ObjectNode root = Json.MAPPER.createObjectNode();
        root.set("spec", spec);
        return root;
    }

    /** Through JSON text, so that 30 read as an Integer and 30 held as a Long compare equal. */
    private static JsonNode tree(Object value) {
        try {
            return Json.MAPPER.readTree(Json.write(value));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static long rev(ControllerRevision revision) {
        return revision.getRevision() == null ? 0 : revision.getRevision();
    }
}
