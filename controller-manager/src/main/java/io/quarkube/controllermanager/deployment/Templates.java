package io.quarkube.controllermanager.deployment;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetSpec;
import io.quarkube.controllermanager.controller.ControllerRefs;
import io.quarkube.api.json.Json;
import io.quarkube.controllermanager.controller.TemplateHash;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Pod templates of a Deployment and its ReplicaSets: the pod-template-hash label that keeps the ReplicaSets'
 * selectors apart, and template equality "ignoring the hash" (EqualIgnoreHash), which is how a Deployment finds
 * the ReplicaSet of its current template — also after {@code kubectl rollout undo} copied an old one back.
 */
public final class Templates {
    public static final String HASH_LABEL = "pod-template-hash";

    private Templates() {
    }

    /** ComputeHash of the Deployment's template (without any hash label) and its status.collisionCount. */
    public static String hash(Deployment d) {
        PodTemplateSpec template = withoutHash(d.getSpec().getTemplate());
        Integer collisionCount = d.getStatus() == null ? null : d.getStatus().getCollisionCount();
        return TemplateHash.of(template, collisionCount);
    }

    /** EqualIgnoreHash, with Kubernetes' semantic equality (absent and empty maps or lists are equal). */
    public static boolean equalIgnoreHash(PodTemplateSpec a, PodTemplateSpec b) {
        return normalized(withoutHash(a)).equals(normalized(withoutHash(b)));
    }

    /** The template of a new ReplicaSet: the Deployment's, labelled with the hash. */
    public static PodTemplateSpec withHash(PodTemplateSpec template, String hash) {
        PodTemplateSpec copy = Json.copy(template, PodTemplateSpec.class);
        if (copy.getMetadata() == null) {
            copy.setMetadata(new io.fabric8.kubernetes.api.model.ObjectMeta());
        }
        Map<String, String> labels = copy.getMetadata().getLabels() == null ? new HashMap<>()
                : new HashMap<>(copy.getMetadata().getLabels());
        labels.put(HASH_LABEL, hash);
        copy.getMetadata().setLabels(labels);
        return copy;
    }

    /** The Deployment's selector plus pod-template-hash=hash (CloneSelectorAndAddLabel). */
    public static LabelSelector selectorWithHash(LabelSelector selector, String hash) {
        LabelSelector copy = Json.copy(selector, LabelSelector.class);
        Map<String, String> match = copy.getMatchLabels() == null ? new HashMap<>()
                : new HashMap<>(copy.getMatchLabels());
        match.put(HASH_LABEL, hash);
        copy.setMatchLabels(match);
        return copy;
    }

    /** True for a selector that selects everything: a Deployment with it is refused ("SelectingAll"). */
    public static boolean selectsEverything(LabelSelector selector) {
        return selector != null && (selector.getMatchLabels() == null || selector.getMatchLabels().isEmpty())
                && (selector.getMatchExpressions() == null || selector.getMatchExpressions().isEmpty());
    }

    /**
     * The Deployment's new ReplicaSet, not yet sized: named {@code <deployment>-<hash>} (deterministic, so a
     * second creation fails instead of duplicating), labelled and selecting with the hash, controlled by it.
     */
    static ReplicaSet newReplicaSet(Deployment d) {
        String hash = hash(d);
        var template = withHash(d.getSpec().getTemplate(), hash);
        ReplicaSet rs = new ReplicaSet();
        rs.setApiVersion("apps/v1");
        rs.setKind("ReplicaSet");
        rs.setMetadata(new ObjectMetaBuilder().withName(d.getMetadata().getName() + "-" + hash)
                .withNamespace(d.getMetadata().getNamespace())
                .withLabels(new HashMap<>(template.getMetadata().getLabels()))
                .withOwnerReferences(ControllerRefs.newControllerRef(d, DeploymentSync.API_VERSION, DeploymentSync.KIND))
                .build());
        ReplicaSetSpec spec = new ReplicaSetSpec();
        spec.setReplicas(0);
        spec.setMinReadySeconds(d.getSpec().getMinReadySeconds() == null ? 0 : d.getSpec().getMinReadySeconds());
        spec.setSelector(selectorWithHash(d.getSpec().getSelector(), hash));
        spec.setTemplate(template);
        rs.setSpec(spec);
        return rs;
    }

    public static boolean templateEquals(Deployment d, ReplicaSet rs) {
        return equalIgnoreHash(d.getSpec().getTemplate(), rs.getSpec().getTemplate());
    }

    static PodTemplateSpec withoutHash(PodTemplateSpec template) {
        PodTemplateSpec copy = template == null ? new PodTemplateSpec() : Json.copy(template, PodTemplateSpec.class);
        if (copy.getMetadata() != null && copy.getMetadata().getLabels() != null
                && copy.getMetadata().getLabels().containsKey(HASH_LABEL)) {
            Map<String, String> labels = new HashMap<>(copy.getMetadata().getLabels());
            labels.remove(HASH_LABEL);
            copy.getMetadata().setLabels(labels);
        }
        return copy;
    }

    /** The JSON tree without nulls and empty objects or arrays (Go's nil and empty compare equal semantically). */
    static JsonNode normalized(Object value) {
        JsonNode tree = Json.MAPPER.valueToTree(value);
        prune(tree);
        return tree;
    }

    static boolean semanticEquals(Object a, Object b) {
        return normalized(a).equals(normalized(b));
    }

    private static boolean prune(JsonNode node) {
        if (node == null || node.isNull()) {
            return true;
        }
        if (node.isObject()) {
            List<String> empty = new ArrayList<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                if (prune(e.getValue())) {
                    empty.add(e.getKey());
                }
            }
            ((ObjectNode) node).remove(empty);
            return node.isEmpty();
        }
        if (node.isArray()) {
            for (JsonNode item : (ArrayNode) node) {
                prune(item);
            }
            return node.isEmpty();
        }
        return false;
    }
}
