package io.quarkube.apiserver.patch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The list half of a strategic merge (strategicpatch mergeSlice, mergePatchIntoOriginal): merging lists by key
 * or as sets, {@code $patch} elements, and the element order — patch items in patch (or
 * {@code $setElementOrder}) order, interleaved with the items only the server has in their live order.
 */
final class StrategicLists {
    private static final String MAP = "map";

    private StrategicLists() {
    }

    /** Merges a list tagged {@code patchStrategy:"merge"}. */
    static ArrayNode mergeSlice(ArrayNode original, ArrayNode patch, PatchSchema.Field field) {
        if (original.isEmpty() && patch.isEmpty()) {
            return original;
        }
        String kind = elementKind(original, patch);
        String key = field.mergeKey();
        List<JsonNode> live = items(original);
        List<JsonNode> changes = items(patch);
        List<JsonNode> merged;
        if (!MAP.equals(kind)) {
            merged = new ArrayList<>();
            live.forEach(v -> addIfAbsent(merged, v));
            changes.forEach(v -> addIfAbsent(merged, v));
            key = null;
        } else {
            if (key == null) {
                throw PatchErrors.badRequest("cannot merge lists without merge key for type map");
            }
            String mergeKey = key;
            List<JsonNode> plain = new ArrayList<>();
            boolean replace = false;
            for (JsonNode item : changes) {
                JsonNode directive = item.get(StrategicMergePatch.DIRECTIVE);
                if (directive == null) {
                    plain.add(item);
                    continue;
                }
                switch (directive.asText()) {
                    case "delete" -> {
                        JsonNode value = mergeKeyValue(item, mergeKey);
                        live.removeIf(v -> JsonValues.equal(v.get(mergeKey), value));
                    }
                    case "replace" -> replace = true;
                    case "merge" -> throw PatchErrors.badRequest("merging lists cannot yet be specified in the patch");
                    default -> throw PatchErrors.badRequest("unknown patch type: " + directive.asText()
                            + " in map: " + item);
                }
            }
            if (replace) { // "$patch: replace" in a list: the list becomes exactly the other elements
                live = new ArrayList<>();
                for (JsonNode item : plain) {
                    live.add(StrategicMergePatch.mergeMap(StrategicMergePatch.emptyObject(), (ObjectNode) item,
                            field.type()));
                }
                plain = List.of();
            }
            changes = plain;
            merged = mergeByKey(live, changes, key, field.type());
        }
        return order(merged, changes, live, key, kind);
    }

    /**
     * Processes the {@code $setElementOrder/<list>} directives of one map level: merges the named list if the
     * patch has it, then orders it as the directive says. Handled lists are removed from {@code patch}.
     */
    static void applySetElementOrder(ObjectNode original, ObjectNode patch, PatchSchema schema) {
        for (String directiveKey : StrategicMergePatch.fieldNames(patch)) {
            if (!directiveKey.startsWith(StrategicMergePatch.SET_ELEMENT_ORDER)) {
                continue;
            }
            JsonNode order = patch.remove(directiveKey);
            if (!directiveKey.startsWith(StrategicMergePatch.SET_ELEMENT_ORDER + "/") || !order.isArray()) {
                throw PatchErrors.badRequest("invalid patch format of setElementOrder list");
            }
            String listKey = directiveKey.substring(StrategicMergePatch.SET_ELEMENT_ORDER.length() + 1);
            JsonNode live = original.get(listKey);
            JsonNode changes = patch.get(listKey);
            if (changes != null && changes.isNull()) {
                continue; // the list is deleted; the main merge does it
            }
            if ((live != null && !live.isArray()) || (changes != null && !changes.isArray())) {
                throw PatchErrors.badRequest("invalid patch format of setElementOrder list: " + listKey
                        + " is not a list");
            }
            PatchSchema.Field field = schema.field(listKey);
            String key = field.mergeKey();
            if (changes != null) {
                checkOrderMatches(items(changes), items(order), key);
            }
            List<JsonNode> merged;
            if (changes == null) {
                if (live == null) {
                    continue;
                }
                merged = items(live);
            } else {
                merged = items((ArrayNode) StrategicMergePatch.mergeValue(live, changes, field));
            }
            ArrayNode liveList = live == null ? JsonNodeFactory.instance.arrayNode() : (ArrayNode) live;
            String kind = elementKind(liveList, changes == null ? JsonNodeFactory.instance.arrayNode()
                    : (ArrayNode) changes, (ArrayNode) order);
            original.set(listKey, order(merged, items(order), items(liveList), MAP.equals(kind) ? key : null, kind));
            patch.remove(listKey);
        }
    }

    /** Whether {@code list} holds a value equal to {@code value}. */
    static boolean contains(JsonNode list, JsonNode value) {
        for (JsonNode item : list) {
            if (JsonValues.equal(item, value)) {
                return true;
            }
        }
        return false;
    }

    private static List<JsonNode> mergeByKey(List<JsonNode> live, List<JsonNode> changes, String key,
                                             PatchSchema element) {
        List<JsonNode> merged = new ArrayList<>(live);
        for (JsonNode change : changes) {
            mergeKeyValue(change, key);
            int at = indexOf(merged, change, key);
            if (at >= 0) {
                merged.set(at, StrategicMergePatch.mergeMap((ObjectNode) merged.get(at), (ObjectNode) change, element));
            } else {
                merged.add(StrategicMergePatch.mergeMap(StrategicMergePatch.emptyObject(), (ObjectNode) change,
                        element));
            }
        }
        return merged;
    }

    /**
     * normalizeElementOrder: the items named by {@code patchOrder} in that order, the others in their live order,
     * interleaved by their live positions where both are known.
     */
    private static ArrayNode order(List<JsonNode> merged, List<JsonNode> patchOrder, List<JsonNode> liveOrder,
                                   String key, String kind) {
        if (MAP.equals(kind) && key != null) {
            patchOrder.forEach(v -> mergeKeyValue(v, key));
        }
        List<JsonNode> fromPatch = new ArrayList<>();
        List<JsonNode> serverOnly = new ArrayList<>();
        for (JsonNode item : merged) {
            (indexOf(patchOrder, item, key) >= 0 ? fromPatch : serverOnly).add(item);
        }
        sortBy(fromPatch, patchOrder, key);
        sortBy(serverOnly, liveOrder, key);
        ArrayNode result = JsonNodeFactory.instance.arrayNode();
        int i = 0;
        int j = 0;
        while (i < serverOnly.size() || j < fromPatch.size()) {
            if (i >= serverOnly.size()) {
                result.add(fromPatch.get(j++));
            } else if (j >= fromPatch.size()) {
                result.add(serverOnly.get(i++));
            } else {
                int left = indexOf(liveOrder, serverOnly.get(i), key);
                int right = indexOf(liveOrder, fromPatch.get(j), key);
                result.add(left >= 0 && right >= 0 && left < right ? serverOnly.get(i++) : fromPatch.get(j++));
            }
        }
        return result;
    }

    /** Stable sort by position in {@code order}; items it does not name keep their relative order, last. */
    private static void sortBy(List<JsonNode> items, List<JsonNode> order, String key) {
        items.sort(Comparator.comparingInt(item -> {
            int at = indexOf(order, item, key);
            return at < 0 ? Integer.MAX_VALUE : at;
        }));
    }

    /**
     * validatePatchWithSetOrderList: the patch list must name its items in the same relative order as
     * $setElementOrder, and only items it lists (deletions aside).
     */
    private static void checkOrderMatches(List<JsonNode> changes, List<JsonNode> order, String key) {
        int p = 0;
        int o = 0;
        List<JsonNode> kept = changes.stream().filter(v -> !isDirective(v, key)).toList();
        while (p < kept.size() && o < order.size()) {
            if (indexOf(List.of(order.get(o)), kept.get(p), key) == 0) {
                p++;
            }
            o++;
        }
        if (p < kept.size()) {
            throw PatchErrors.badRequest("The order in patch list:\n" + changes + "\n doesn't match "
                    + StrategicMergePatch.SET_ELEMENT_ORDER + " list:\n" + order + "\n");
        }
    }

    private static boolean isDirective(JsonNode item, String key) {
        return key != null && item.isObject() && item.has(StrategicMergePatch.DIRECTIVE);
    }

    /** Position of the item with the same merge key value (or the same value, for primitives). */
    private static int indexOf(List<JsonNode> list, JsonNode item, String key) {
        for (int i = 0; i < list.size(); i++) {
            boolean same = key == null ? JsonValues.equal(list.get(i), item)
                    : JsonValues.equal(list.get(i).get(key), item.get(key));
            if (same) {
                return i;
            }
        }
        return -1;
    }

    private static JsonNode mergeKeyValue(JsonNode item, String key) {
        JsonNode value = item.isObject() ? item.get(key) : null;
        if (value == null) {
            throw PatchErrors.badRequest("map: " + item + " does not contain declared merge key: " + key);
        }
        return value;
    }

    /** The common kind of the elements ("map", "string", ...); lists of lists are refused (422), mixes too (400). */
    private static String elementKind(ArrayNode... lists) {
        String kind = null;
        for (ArrayNode list : lists) {
            for (JsonNode item : list) {
                String current = JsonValues.kind(item);
                if ("slice".equals(current)) {
                    throw PatchErrors.notApplicable(); // mergepatch.ErrNoListOfLists
                }
                if (kind != null && !kind.equals(current)) {
                    throw PatchErrors.badRequest("list element types are not identical: " + List.of(lists));
                }
                kind = current;
            }
        }
        return kind == null ? MAP : kind;
    }

    private static void addIfAbsent(List<JsonNode> list, JsonNode value) {
        if (indexOf(list, value, null) < 0) {
            list.add(value);
        }
    }

    private static List<JsonNode> items(JsonNode list) {
        List<JsonNode> items = new ArrayList<>(list.size());
        list.forEach(items::add);
        return items;
    }
}
