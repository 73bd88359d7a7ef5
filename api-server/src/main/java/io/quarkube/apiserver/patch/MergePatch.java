package io.quarkube.apiserver.patch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Iterator;
import java.util.Map;

/**
 * application/merge-patch+json (RFC 7386): objects merge recursively, null deletes a key, anything else (arrays
 * included) replaces the target value. A patch that is not an object replaces the whole document, which then
 * fails to decode into the kind (422), as with the apiserver.
 */
public final class MergePatch {
    private MergePatch() {
    }

    /** Checks the patch is a JSON value at all: a bare null is not a merge patch (400). */
    public static void validate(JsonNode patch) {
        if (patch == null || patch.isNull() || patch.isMissingNode()) {
            throw PatchErrors.badRequest("Invalid JSON Patch");
        }
    }

    /** The patched copy of {@code target}; neither argument is modified. */
    public static JsonNode apply(JsonNode target, JsonNode patch) {
        validate(patch);
        return merge(target == null ? null : target.deepCopy(), patch);
    }

    private static JsonNode merge(JsonNode target, JsonNode patch) {
        if (!patch.isObject()) {
            return patch.deepCopy();
        }
        ObjectNode result = target != null && target.isObject() ? (ObjectNode) target
                : JsonNodeFactory.instance.objectNode();
        for (Iterator<Map.Entry<String, JsonNode>> it = patch.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            if (field.getValue().isNull()) {
                result.remove(field.getKey());
            } else {
                result.set(field.getKey(), merge(result.get(field.getKey()), field.getValue()));
            }
        }
        return result;
    }
}
