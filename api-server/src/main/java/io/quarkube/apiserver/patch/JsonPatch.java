package io.quarkube.apiserver.patch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.jboss.logging.Logger;

import java.util.List;

/**
 * application/json-patch+json (RFC 6902): add, remove, replace, move, copy and test, applied in order to a
 * copy of the document. As in the apiserver, a body that is not a list of operations is a 400, too many
 * operations a 413, and an operation that does not apply (a failed test, a missing path) a 422.
 */
public final class JsonPatch {
    static final int MAX_OPERATIONS = 10000;
    private static final Logger LOG = Logger.getLogger(JsonPatch.class);

    private JsonPatch() {
    }

    /** Checks the shape of the patch document (400/413); the operations themselves are checked on apply. */
    public static void validate(JsonNode patch) {
        if (patch == null || !patch.isArray()) {
            throw PatchErrors.badRequest("json: cannot unmarshal " + JsonValues.kind(patch)
                    + " into Go value of type jsonpatch.Patch");
        }
        for (JsonNode op : patch) {
            if (!op.isObject()) {
                throw PatchErrors.badRequest("json: cannot unmarshal " + JsonValues.kind(op)
                        + " into Go value of type jsonpatch.Operation");
            }
        }
        if (patch.size() > MAX_OPERATIONS) {
            throw PatchErrors.tooLarge("The allowed maximum operations in a JSON patch is " + MAX_OPERATIONS
                    + ", got " + patch.size());
        }
    }

    /** The patched copy of {@code document}; the argument is left untouched. */
    public static JsonNode apply(JsonNode document, JsonNode patch) {
        validate(patch);
        Holder root = new Holder(document.deepCopy());
        for (JsonNode op : patch) {
            try {
                applyOne(root, op);
            } catch (Failure | IllegalArgumentException e) {
                LOG.debugf("json patch operation %s does not apply: %s", op, e.getMessage());
                throw PatchErrors.notApplicable();
            }
        }
        return root.value;
    }

    private static void applyOne(Holder root, JsonNode op) {
        String kind = op.path("op").asText("");
        List<String> path = JsonPointer.parse(required(op, "path").asText());
        switch (kind) {
            case "add" -> add(root, path, required(op, "value").deepCopy());
            case "remove" -> remove(root, path);
            case "replace" -> {
                get(root, path);
                JsonNode value = required(op, "value").deepCopy();
                if (path.isEmpty()) {
                    root.value = value;
                } else {
                    remove(root, path);
                    add(root, path, value);
                }
            }
            case "move" -> {
                String fromPointer = required(op, "from").asText();
                String toPointer = op.get("path").asText();
                if (toPointer.startsWith(fromPointer + "/")) {
                    throw new Failure("cannot move a value into one of its children");
                }
                List<String> from = JsonPointer.parse(fromPointer);
                JsonNode value = get(root, from);
                remove(root, from);
                add(root, path, value);
            }
            case "copy" -> add(root, path, get(root, JsonPointer.parse(required(op, "from").asText())).deepCopy());
            case "test" -> test(root, path, op.get("value"));
            default -> throw new Failure("Unexpected kind: " + kind);
        }
    }

    private static void test(Holder root, List<String> path, JsonNode expected) {
        JsonNode actual = find(root.value, path);
        if (actual == null) {
            if (expected == null || expected.isNull()) {
                return; // a missing value tests equal to null, as evanphx/json-patch decides
            }
            throw new Failure("test failed: path does not exist");
        }
        if (expected == null || !JsonValues.equal(actual, expected)) {
            throw new Failure("testing value failed: test failed");
        }
    }

    private static void add(Holder root, List<String> path, JsonNode value) {
        if (path.isEmpty()) {
            root.value = value;
            return;
        }
        JsonNode parent = find(root.value, path.subList(0, path.size() - 1));
        String key = path.get(path.size() - 1);
        if (parent instanceof ObjectNode object) {
            object.set(key, value);
        } else if (parent instanceof ArrayNode array) {
            if ("-".equals(key)) {
                array.add(value);
                return;
            }
            int index = JsonPointer.index(key);
            if (index < 0 || index > array.size()) {
                throw new Failure("add operation does not apply: index out of bounds: " + key);
            }
            array.insert(index, value);
        } else {
            throw new Failure("add operation does not apply: doc is missing path");
        }
    }

    private static void remove(Holder root, List<String> path) {
        if (path.isEmpty()) {
            throw new Failure("cannot remove the whole document");
        }
        JsonNode parent = find(root.value, path.subList(0, path.size() - 1));
        String key = path.get(path.size() - 1);
        if (parent instanceof ObjectNode object && object.has(key)) {
            object.remove(key);
        } else if (parent instanceof ArrayNode array && inBounds(array, key)) {
            array.remove(JsonPointer.index(key));
        } else {
            throw new Failure("remove operation does not apply: doc is missing path");
        }
    }

    private static JsonNode get(Holder root, List<String> path) {
        JsonNode value = find(root.value, path);
        if (value == null) {
            throw new Failure("doc is missing path");
        }
        return value;
    }

    /** The value at {@code path}, or null when any step is missing. */
    private static JsonNode find(JsonNode document, List<String> path) {
        JsonNode current = document;
        for (String token : path) {
            if (current instanceof ObjectNode object) {
                current = object.get(token);
            } else if (current instanceof ArrayNode array && inBounds(array, token)) {
                current = array.get(JsonPointer.index(token));
            } else {
                return null;
            }
            if (current == null) {
                return null;
            }
        }
        return current;
    }

    private static boolean inBounds(ArrayNode array, String token) {
        int index = JsonPointer.index(token);
        return index >= 0 && index < array.size();
    }

    private static JsonNode required(JsonNode op, String field) {
        JsonNode value = op.get(field);
        if (value == null) {
            throw new Failure("operation missing " + field + " field");
        }
        return value;
    }

    /** The document being patched; the root itself may be replaced. */
    private static final class Holder {
        JsonNode value;

        Holder(JsonNode value) {
            this.value = value;
        }
    }

    private static final class Failure extends RuntimeException {
        Failure(String message) {
            super(message, null, false, false);
        }
    }
}
