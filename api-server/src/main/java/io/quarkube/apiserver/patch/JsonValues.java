package io.quarkube.apiserver.patch;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.Iterator;
import java.util.Map;

/**
 * JSON equality as Go's decoded values see it: 80 equals 80.0 and 80L. Jackson's own equals tells an IntNode
 * from a LongNode, which would make a merge key parsed from a patch miss the same key read from storage.
 */
final class JsonValues {
    private JsonValues() {
    }

    static boolean equal(JsonNode a, JsonNode b) {
        if (a == null || b == null) {
            return a == b || (a == null ? b.isNull() : a.isNull());
        }
        if (a.isNumber() && b.isNumber()) {
            return a.decimalValue().compareTo(b.decimalValue()) == 0;
        }
        if (a.isObject() && b.isObject()) {
            if (a.size() != b.size()) {
                return false;
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = a.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> field = it.next();
                if (!b.has(field.getKey()) || !equal(field.getValue(), b.get(field.getKey()))) {
                    return false;
                }
            }
            return true;
        }
        if (a.isArray() && b.isArray()) {
            if (a.size() != b.size()) {
                return false;
            }
            for (int i = 0; i < a.size(); i++) {
                if (!equal(a.get(i), b.get(i))) {
                    return false;
                }
            }
            return true;
        }
        return a.equals(b);
    }

    /** The JSON kind a Go decoder would give the value: object, array, string, number, boolean or null. */
    static String kind(JsonNode node) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return "null";
        }
        if (node.isObject()) {
            return "map";
        }
        if (node.isArray()) {
            return "slice";
        }
        if (node.isNumber()) {
            return "number";
        }
        return node.isBoolean() ? "bool" : "string";
    }
}
