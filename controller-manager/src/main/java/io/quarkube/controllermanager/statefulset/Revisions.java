package io.quarkube.controllermanager.statefulset;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.apps.ControllerRevision;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.quarkube.api.json.Json;
import io.quarkube.controllermanager.controller.ControllerRefs;
import io.quarkube.controllermanager.controller.PodUtil;
import io.quarkube.controllermanager.controller.TemplateHash;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * ControllerRevisions of a StatefulSet (Kubernetes' statefulset getPatch/newRevision/ApplyRevision and
 * pkg/controller/history): the data is the patch {@code {"spec":{"template":{..., "$patch":"replace"}}}} that
 * restores the pod template; the name is {@code <set>-<hash of the template and collisionCount>}.
 */
final class Revisions {
    /** history.ControllerRevisionHashLabel. */
    static final String HASH_LABEL = "controller.kubernetes.io/hash";
    private static final int MAX_PREFIX = 223;

    private Revisions() {
    }

    /** The revision that restores the set's current template, numbered {@code revision}. */
    static ControllerRevision newRevision(StatefulSet set, long revision, int collisionCount) {
        PodTemplateSpec template = set.getSpec().getTemplate();
        String hash = TemplateHash.of(template, collisionCount);
        ObjectMeta meta = new ObjectMeta();
        meta.setName(name(set.getMetadata().getName(), hash));
        meta.setNamespace(set.getMetadata().getNamespace());
        Map<String, String> labels = template.getMetadata() == null || template.getMetadata().getLabels() == null
                ? new HashMap<>() : new HashMap<>(template.getMetadata().getLabels());
        labels.put(HASH_LABEL, hash);
        meta.setLabels(labels);
        meta.setAnnotations(set.getMetadata().getAnnotations() == null ? new HashMap<>()
                : new HashMap<>(set.getMetadata().getAnnotations()));
        meta.setOwnerReferences(new ArrayList<>(List.of(
                ControllerRefs.newControllerRef(set, StatefulPods.API_VERSION, StatefulPods.KIND))));
        ControllerRevision cr = new ControllerRevision();
        cr.setApiVersion("apps/v1");
        cr.setKind("ControllerRevision");
        cr.setMetadata(meta);
        cr.setData(patch(template));
        cr.setRevision(revision);
        return cr;
    }

    /** history.ControllerRevisionName: the parent's name (cut to 223 characters), a dash and the hash. */
    static String name(String parent, String hash) {
        return (parent.length() > MAX_PREFIX ? parent.substring(0, MAX_PREFIX) : parent) + "-" + hash;
    }

    /** The data, read back through JSON so it compares equal to what the informer returns. */
    private static Object patch(PodTemplateSpec template) {
        ObjectNode templateNode = Json.MAPPER.valueToTree(template);
        templateNode.put("$patch", "replace");
        ObjectNode patch = Json.MAPPER.createObjectNode();
        patch.putObject("spec").set("template", templateNode);
        return Json.read(Json.write(patch), Map.class);
    }

    /** A copy of the set with the template the revision restores. */
    static StatefulSet apply(StatefulSet set, ControllerRevision revision) {
        StatefulSet copy = Json.copy(set, StatefulSet.class);
        JsonNode template = tree(revision.getData()).path("spec").path("template");
        if (template.isObject()) {
            ObjectNode restored = ((ObjectNode) template).deepCopy();
            restored.remove("$patch");
            copy.getSpec().setTemplate(Json.read(Json.write(restored), PodTemplateSpec.class));
        }
        return copy;
    }

    /** history.EqualRevision: the same data (the hash label is not a number here, so only the data counts). */
    static boolean equal(ControllerRevision a, ControllerRevision b) {
        if (a == null || b == null) {
            return a == b;
        }
        return tree(a.getData()).equals(tree(b.getData()));
    }

    /** history.FindEqualRevisions, in the order given. */
    static List<ControllerRevision> findEqual(List<ControllerRevision> revisions, ControllerRevision needle) {
        return revisions.stream().filter(r -> equal(r, needle)).toList();
    }

    static long number(ControllerRevision revision) {
        return revision.getRevision() == null ? 0 : revision.getRevision();
    }

    /** history.SortControllerRevisions: by revision number, then creation time, then name. */
    static List<ControllerRevision> sorted(List<ControllerRevision> revisions) {
        List<ControllerRevision> copy = new ArrayList<>(revisions);
        copy.sort(Comparator.comparingLong(Revisions::number)
                .thenComparing(r -> created(r), Comparator.nullsFirst(Comparator.naturalOrder()))
                .thenComparing(r -> r.getMetadata().getName()));
        return copy;
    }

    /** 1 for the first revision, else one more than the highest (revisions sorted). */
    static long next(List<ControllerRevision> sorted) {
        return sorted.isEmpty() ? 1 : number(sorted.get(sorted.size() - 1)) + 1;
    }

    private static Instant created(ControllerRevision revision) {
        return PodUtil.time(revision.getMetadata().getCreationTimestamp());
    }

    private static JsonNode tree(Object data) {
        return data == null ? Json.MAPPER.nullNode() : Json.read(Json.write(data), JsonNode.class);
    }

    static boolean sameName(ControllerRevision a, ControllerRevision b) {
        return a != null && b != null && Objects.equals(a.getMetadata().getName(), b.getMetadata().getName());
    }
}
