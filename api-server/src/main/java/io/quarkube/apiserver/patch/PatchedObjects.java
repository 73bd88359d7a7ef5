package io.quarkube.apiserver.patch;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.quarkube.api.ResourceType;
import io.quarkube.api.json.Json;

/** Between stored objects and the JSON trees patches work on. A tree that is no longer the kind is a 422. */
public final class PatchedObjects {
    private PatchedObjects() {
    }

    public static JsonNode toTree(HasMetadata object) {
        return Json.MAPPER.valueToTree(object);
    }

    /** The patched tree as the kind's model class; what does not decode is refused as patch.go does. */
    public static <T extends HasMetadata> T decode(ResourceType<T> type, JsonNode tree) {
        if (tree == null || !tree.isObject()) {
            throw PatchErrors.invalidPatch(String.valueOf(tree), "json: cannot unmarshal "
                    + JsonValues.kind(tree) + " into Go value of type " + type.kind());
        }
        String kind = tree.path("kind").asText("");
        if (!kind.isEmpty() && !kind.equals(type.kind())) {
            throw PatchErrors.invalidPatch(tree.toString(), "the kind of the patched object (" + kind
                    + ") does not match the resource (" + type.kind() + ")");
        }
        T object;
        try {
            object = Json.MAPPER.treeToValue(tree, type.modelClass());
        } catch (JsonProcessingException e) {
            throw PatchErrors.invalidPatch(tree.toString(), e.getOriginalMessage());
        } catch (IllegalArgumentException e) {
            throw PatchErrors.invalidPatch(tree.toString(), e.getMessage());
        }
        if (object.getMetadata() == null) {
            object.setMetadata(new ObjectMeta());
        }
        return object;
    }
}
