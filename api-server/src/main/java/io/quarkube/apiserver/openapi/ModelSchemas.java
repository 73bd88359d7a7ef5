package io.quarkube.apiserver.openapi;

import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.introspect.BeanPropertyDefinition;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.AnyType;
import io.fabric8.kubernetes.api.model.Duration;
import io.fabric8.kubernetes.api.model.FieldsV1;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.MicroTime;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.runtime.RawExtension;
import io.quarkube.api.json.Json;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.temporal.Temporal;
import java.util.Map;
import java.util.TreeMap;

/**
 * components.schemas of one OpenAPI document, generated from the fabric8 model classes the way Jackson
 * (de)serializes them: each property's JSON name and type from Jackson's bean introspection, nested model
 * classes as $ref to their own schema. fabric8's classes carry no descriptions or required-ness, so the
 * schemas have neither. Mutable while one document is built; not shared.
 */
final class ModelSchemas {
    private static final String REF = "#/components/schemas/";

    private final Map<String, ObjectNode> schemas = new TreeMap<>();

    /** A {"$ref": ...} to the schema of a model class, generating it (and what it references) if new. */
    ObjectNode ref(Class<?> type) {
        return Json.MAPPER.createObjectNode().put("$ref", REF + define(type));
    }

    /** A {"$ref": ...} to a schema defined by name (see {@link #put}). */
    ObjectNode ref(String name) {
        return Json.MAPPER.createObjectNode().put("$ref", REF + name);
    }

    boolean has(String name) {
        return schemas.containsKey(name);
    }

    void put(String name, ObjectNode schema) {
        schemas.put(name, schema);
    }

    /** Marks the schema of a top-level kind, which kubectl explain and apply look up by GVK. */
    void markKind(Class<?> type, String group, String version, String kind) {
        ObjectNode schema = schemas.get(define(type));
        schema.putArray("x-kubernetes-group-version-kind").addObject()
                .put("group", group).put("kind", kind).put("version", version);
    }

    ObjectNode components() {
        ObjectNode node = Json.MAPPER.createObjectNode();
        schemas.forEach(node::set);
        return node;
    }

    private String define(Class<?> type) {
        String name = SchemaNames.of(type);
        if (schemas.containsKey(name)) {
            return name;
        }
        ObjectNode scalar = wellKnown(type);
        if (scalar != null) {
            schemas.put(name, scalar);
            return name;
        }
        ObjectNode schema = Json.MAPPER.createObjectNode().put("type", "object");
        schemas.put(name, schema); // before the properties: model classes may refer to themselves
        BeanDescription bean = Json.MAPPER.getSerializationConfig().introspect(Json.MAPPER.constructType(type));
        Map<String, JsonNode> properties = new TreeMap<>();
        for (BeanPropertyDefinition p : bean.findProperties()) {
            if (!p.couldSerialize()) {
                continue;
            }
            ObjectNode property = property(p.getPrimaryType());
            PatchStrategies.of(type, p.getName()).ifPresent(s -> {
                if (s.mergeKey() != null) {
                    property.put("x-kubernetes-patch-merge-key", s.mergeKey());
                }
                property.put("x-kubernetes-patch-strategy", s.strategy());
            });
            properties.put(p.getName(), property);
        }
        if (!properties.isEmpty()) {
            schema.putObject("properties").setAll(properties);
        }
        return name;
    }

    private ObjectNode property(JavaType type) {
        Class<?> raw = type.getRawClass();
        ObjectNode node = Json.MAPPER.createObjectNode();
        if (raw == String.class || raw == Character.class || raw == char.class || raw.isEnum()) {
            return node.put("type", "string");
        }
        if (Temporal.class.isAssignableFrom(raw)) {
            return node.put("type", "string").put("format", "date-time"); // Lease's MicroTimes
        }
        if (raw == Integer.class || raw == int.class || raw == Short.class || raw == short.class
                || raw == Byte.class || raw == byte.class) {
            return node.put("type", "integer").put("format", "int32");
        }
        if (raw == Long.class || raw == long.class || raw == BigInteger.class) {
            return node.put("type", "integer").put("format", "int64");
        }
        if (raw == Boolean.class || raw == boolean.class) {
            return node.put("type", "boolean");
        }
        if (raw == Double.class || raw == double.class || raw == Float.class || raw == float.class
                || raw == BigDecimal.class) {
            return node.put("type", "number").put("format", "double");
        }
        if (type.isMapLikeType()) {
            node.put("type", "object");
            if (type.getContentType().getRawClass() != Object.class) {
                node.set("additionalProperties", property(type.getContentType()));
            }
            return node;
        }
        if (type.isCollectionLikeType() || type.isArrayType()) {
            node.put("type", "array");
            node.set("items", property(type.getContentType()));
            return node;
        }
        if (raw.getName().startsWith("io.fabric8.kubernetes.api.model")) {
            return ref(raw);
        }
        // Object, JsonNode and the like: any JSON value.
        return node.put("x-kubernetes-preserve-unknown-fields", true);
    }

    /** fabric8 types with their own JSON form: the scalar schemas upstream gives them. */
    private static ObjectNode wellKnown(Class<?> type) {
        ObjectNode node = Json.MAPPER.createObjectNode();
        if (type == IntOrString.class) {
            // No top-level type, as upstream: kubectl explain then names the field's type IntOrString.
            node.put("format", "int-or-string").put("x-kubernetes-int-or-string", true);
            node.putArray("oneOf").add(typed("integer")).add(typed("string"));
            return node;
        }
        if (type == Quantity.class) {
            node.putArray("oneOf").add(typed("string")).add(typed("number"));
            return node;
        }
        if (type == MicroTime.class) {
            return node.put("type", "string").put("format", "date-time");
        }
        if (type == Duration.class) {
            return node.put("type", "string");
        }
        if (type == FieldsV1.class || type == RawExtension.class) {
            return node.put("type", "object");
        }
        if (AnyType.class.isAssignableFrom(type)) {
            return node.put("x-kubernetes-preserve-unknown-fields", true);
        }
        return null;
    }

    private static ObjectNode typed(String type) {
        return Json.MAPPER.createObjectNode().put("type", type);
    }
}
