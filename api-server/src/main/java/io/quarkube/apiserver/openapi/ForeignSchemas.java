package io.quarkube.apiserver.openapi;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.Binding;
import io.fabric8.kubernetes.api.model.DeleteOptions;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.quarkube.api.json.Json;
import io.quarkube.apiserver.discovery.Subresource;

/**
 * Schemas of the kinds subresources exchange that the classpath has no fabric8 model class for
 * (autoscaling/v1 Scale, policy/v1 Eviction) and of the PATCH body, written out after upstream.
 */
final class ForeignSchemas {
    static final String PATCH = SchemaNames.META + "Patch";
    private static final String SCALE = "io.k8s.api.autoscaling.v1.Scale";
    private static final String EVICTION = "io.k8s.api.policy.v1.Eviction";

    private ForeignSchemas() {
    }

    /** A $ref to the schema of a subresource's kind, defining it in {@code schemas} first. */
    static ObjectNode ref(ModelSchemas schemas, Subresource sub) {
        return switch (sub.kind()) {
            case "Scale" -> scale(schemas);
            case "Eviction" -> eviction(schemas);
            case "Binding" -> {
                schemas.markKind(Binding.class, "", "v1", "Binding");
                yield schemas.ref(Binding.class);
            }
            default -> throw new IllegalArgumentException("no schema for " + sub.apiVersion() + " " + sub.kind());
        };
    }

    static ObjectNode patch(ModelSchemas schemas) {
        if (!schemas.has(PATCH)) {
            schemas.put(PATCH, Json.MAPPER.createObjectNode().put("type", "object").put("description",
                    "Patch is provided to give a concrete name and type to the Kubernetes PATCH request body."));
        }
        return schemas.ref(PATCH);
    }

    private static ObjectNode scale(ModelSchemas schemas) {
        if (!schemas.has(SCALE)) {
            ObjectNode spec = object();
            spec.putObject("properties").set("replicas", int32());
            ObjectNode status = object();
            status.putArray("required").add("replicas");
            status.putObject("properties").<ObjectNode>set("replicas", int32())
                    .set("selector", Json.MAPPER.createObjectNode().put("type", "string"));
            schemas.put(SCALE + "Spec", spec);
            schemas.put(SCALE + "Status", status);
            ObjectNode scale = kindObject(schemas);
            ((ObjectNode) scale.get("properties")).<ObjectNode>set("spec", schemas.ref(SCALE + "Spec"))
                    .set("status", schemas.ref(SCALE + "Status"));
            gvk(scale, "autoscaling", "Scale");
            schemas.put(SCALE, scale);
        }
        return schemas.ref(SCALE);
    }

    private static ObjectNode eviction(ModelSchemas schemas) {
        if (!schemas.has(EVICTION)) {
            ObjectNode eviction = kindObject(schemas);
            ((ObjectNode) eviction.get("properties")).set("deleteOptions", schemas.ref(DeleteOptions.class));
            gvk(eviction, "policy", "Eviction");
            schemas.put(EVICTION, eviction);
        }
        return schemas.ref(EVICTION);
    }

    private static ObjectNode kindObject(ModelSchemas schemas) {
        ObjectNode schema = object();
        ObjectNode properties = schema.putObject("properties");
        properties.putObject("apiVersion").put("type", "string");
        properties.putObject("kind").put("type", "string");
        properties.set("metadata", schemas.ref(ObjectMeta.class));
        return schema;
    }

    private static void gvk(ObjectNode schema, String group, String kind) {
        schema.putArray("x-kubernetes-group-version-kind").addObject()
                .put("group", group).put("kind", kind).put("version", "v1");
    }

    private static ObjectNode object() {
        return Json.MAPPER.createObjectNode().put("type", "object");
    }

    private static ObjectNode int32() {
        return Json.MAPPER.createObjectNode().put("type", "integer").put("format", "int32");
    }
}
