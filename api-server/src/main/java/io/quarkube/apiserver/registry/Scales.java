package io.quarkube.apiserver.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkube.api.ResourceType;
import io.quarkube.api.json.Json;
import io.quarkube.apiserver.errors.StatusException;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The scale subresource: an autoscaling/v1 Scale view of spec.replicas (Deployments, ReplicaSets,
 * StatefulSets), with status.replicas and the selector as a string, as kubectl scale and fabric8 scale() use.
 */
public final class Scales {
    private Scales() {
    }

    /** The Scale of an object given as a JSON tree. */
    public static ObjectNode toScale(JsonNode object) {
        ObjectNode scale = Json.MAPPER.createObjectNode();
        scale.put("kind", "Scale").put("apiVersion", "autoscaling/v1");
        ObjectNode meta = scale.putObject("metadata");
        for (String field : List.of("name", "namespace", "uid", "resourceVersion", "creationTimestamp")) {
            JsonNode value = object.at("/metadata/" + field);
            if (!value.isMissingNode() && !value.isNull()) {
                meta.set(field, value);
            }
        }
        scale.putObject("spec").put("replicas", object.at("/spec/replicas").asInt(1));
        ObjectNode status = scale.putObject("status");
        status.put("replicas", object.at("/status/replicas").asInt(0));
        status.put("selector", selector(object.at("/spec/selector")));
        return scale;
    }

    /**
     * Writes the Scale's spec.replicas into the object tree; a Scale carrying a resourceVersion that is not the
     * object's is a conflict, as for any update.
     */
    public static JsonNode applyScale(ResourceType<?> type, JsonNode object, JsonNode scale) {
        String requested = scale.at("/metadata/resourceVersion").asText("");
        if (!requested.isEmpty() && !requested.equals(object.at("/metadata/resourceVersion").asText())) {
            throw StatusException.staleResourceVersion(type, object.at("/metadata/name").asText());
        }
        JsonNode replicas = scale.at("/spec/replicas");
        if (!replicas.isIntegralNumber() || replicas.asInt() < 0) {
            throw StatusException.invalid(type, object.at("/metadata/name").asText(),
                    new io.quarkube.apiserver.validation.FieldErrors()
                            .invalid("spec.replicas", replicas.isMissingNode() ? null : replicas.toString(),
                                    "must be greater than or equal to 0").causes());
        }
        ObjectNode copy = object.deepCopy();
        copy.with("spec").put("replicas", replicas.asInt());
        return copy;
    }

    /** A label selector in its string form: {@code app=web,tier in (a,b),!legacy}. */
    static String selector(JsonNode selector) {
        List<String> terms = new ArrayList<>();
        Map<String, String> labels = new TreeMap<>();
        selector.path("matchLabels").fields().forEachRemaining(e -> labels.put(e.getKey(), e.getValue().asText()));
        labels.forEach((k, v) -> terms.add(k + "=" + v));
        for (JsonNode expression : selector.path("matchExpressions")) {
            String key = expression.path("key").asText();
            List<String> values = new ArrayList<>();
            expression.path("values").forEach(v -> values.add(v.asText()));
            switch (expression.path("operator").asText()) {
                case "In" -> terms.add(key + " in (" + String.join(",", values) + ")");
                case "NotIn" -> terms.add(key + " notin (" + String.join(",", values) + ")");
                case "Exists" -> terms.add(key);
                case "DoesNotExist" -> terms.add("!" + key);
                default -> { }
            }
        }
        return String.join(",", terms);
    }
}
