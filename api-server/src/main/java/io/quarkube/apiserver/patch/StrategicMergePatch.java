package io.quarkube.apiserver.patch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * application/strategic-merge-patch+json, following apimachinery's strategicpatch.StrategicMergeMapPatch on the
 * server side: maps merge key by key and {@code null} deletes a key; lists tagged {@code patchStrategy:"merge"}
 * merge by their merge key (or as a set of primitives), other lists are replaced. Directives: {@code $patch}
 * (replace, delete, merge) in a map or a list element, {@code $setElementOrder/<list>},
 * {@code $deleteFromPrimitiveList/<list>} and {@code $retainKeys}.
 *
 * <p>Where upstream copies a patch value verbatim into a field the live object lacks, this merges it into an
 * empty value instead, so directives and nulls inside it never reach the stored object.
 */
public final class StrategicMergePatch {
    static final String DIRECTIVE = "$patch";
    static final String RETAIN_KEYS = "$retainKeys";
    static final String SET_ELEMENT_ORDER = "$setElementOrder";
    static final String DELETE_FROM_PRIMITIVE_LIST = "$deleteFromPrimitiveList";

    private StrategicMergePatch() {
    }

    /** A strategic merge patch is a JSON object (400 otherwise). */
    public static void validate(JsonNode patch) {
        if (patch == null || !patch.isObject()) {
            throw PatchErrors.badRequest("json: cannot unmarshal " + JsonValues.kind(patch)
                    + " into Go value of type map[string]interface {}");
        }
    }

    /** The patched copy of {@code original} (null means an empty object); neither argument is modified. */
    public static JsonNode apply(JsonNode original, JsonNode patch, PatchSchema schema) {
        validate(patch);
        ObjectNode base = original != null && original.isObject() ? original.deepCopy() : emptyObject();
        return mergeMap(base, patch.deepCopy(), schema);
    }

    /** Merges {@code patch} into {@code original}; both are private copies and may be changed. */
    static ObjectNode mergeMap(ObjectNode original, ObjectNode patch, PatchSchema schema) {
        JsonNode directive = patch.get(DIRECTIVE);
        if (directive != null) {
            switch (directive.asText()) {
                case "replace" -> {
                    patch.remove(DIRECTIVE);
                    return mergeMap(emptyObject(), patch, schema);
                }
                case "delete" -> {
                    return emptyObject();
                }
                case "merge" -> patch.remove(DIRECTIVE); // upstream refuses it; merging is what it asks for
                default -> throw PatchErrors.badRequest("unknown patch type: " + directive.asText()
                        + " in map: " + patch);
            }
        }
        applyRetainKeys(original, patch);
        StrategicLists.applySetElementOrder(original, patch, schema);
        for (String key : fieldNames(patch)) {
            JsonNode value = patch.get(key);
            if (key.startsWith(DELETE_FROM_PRIMITIVE_LIST)) {
                deleteFromPrimitiveList(original, key, value);
            } else if (value.isNull()) {
                original.remove(key);
            } else {
                original.set(key, mergeValue(original.get(key), value, schema.field(key)));
            }
        }
        return original;
    }

    /** The merged value of one field; {@code original} is null when the live object lacks the field. */
    static JsonNode mergeValue(JsonNode original, JsonNode patch, PatchSchema.Field field) {
        if (patch.isObject()) {
            boolean merge = original != null && original.isObject()
                    && field.strategy() != PatchSchema.Strategy.REPLACE;
            return mergeMap(merge ? (ObjectNode) original : emptyObject(), (ObjectNode) patch, field.type());
        }
        if (patch.isArray() && field.merges()) {
            ArrayNode base = original != null && original.isArray() ? (ArrayNode) original
                    : JsonNodeFactory.instance.arrayNode();
            return StrategicLists.mergeSlice(base, (ArrayNode) patch, field);
        }
        return patch; // scalars, and lists without a merge strategy, replace the live value
    }

    /** $deleteFromPrimitiveList/<list>: removes every listed value; a missing list stays missing. */
    private static void deleteFromPrimitiveList(ObjectNode original, String key, JsonNode values) {
        if (!key.startsWith(DELETE_FROM_PRIMITIVE_LIST + "/") || !values.isArray()) {
            throw PatchErrors.badRequest("invalid patch format of primitive list");
        }
        String listKey = key.substring(DELETE_FROM_PRIMITIVE_LIST.length() + 1);
        if (original.get(listKey) instanceof ArrayNode list) {
            ArrayNode kept = JsonNodeFactory.instance.arrayNode();
            for (JsonNode item : list) {
                if (!StrategicLists.contains(values, item)) {
                    kept.add(item);
                }
            }
            original.set(listKey, kept);
        }
    }

    /**
     * $retainKeys: every key the patch sets must be listed (400 otherwise), and keys of the live map that are
     * not listed are cleared, which is how kubectl switches a union such as a volume source.
     */
    private static void applyRetainKeys(ObjectNode original, ObjectNode patch) {
        JsonNode retain = patch.remove(RETAIN_KEYS);
        if (retain == null) {
            return;
        }
        if (!retain.isArray()) {
            throw PatchErrors.badRequest("invalid patch format of retainKeys");
        }
        Set<String> kept = new HashSet<>();
        retain.forEach(k -> kept.add(k.asText()));
        for (String key : fieldNames(patch)) {
            boolean exempt = patch.get(key).isNull() || key.startsWith(DELETE_FROM_PRIMITIVE_LIST)
                    || key.startsWith(SET_ELEMENT_ORDER);
            if (!exempt && !kept.contains(key)) {
                throw PatchErrors.badRequest("invalid patch format of retainKeys");
            }
        }
        for (String key : fieldNames(original)) {
            if (!kept.contains(key)) {
                original.remove(key);
            }
        }
    }

    static ObjectNode emptyObject() {
        return JsonNodeFactory.instance.objectNode();
    }

    static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
