package io.quarkube.apiserver.patch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.quarkube.api.json.Json;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * application/apply-patch+yaml (server-side apply), simplified: the applied configuration is strategically
 * merged into the live object, or becomes the object when there is none. Field ownership (managedFields,
 * conflicts between managers, removal of fields a manager stopped applying) is not tracked.
 */
public final class ApplyPatch {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private ApplyPatch() {
    }

    /** Reads the body as JSON when it looks like JSON, as YAML otherwise (400 when it is neither). */
    public static JsonNode parse(byte[] body) {
        String text = body == null ? "" : new String(body, StandardCharsets.UTF_8).strip();
        try {
            JsonNode tree = text.startsWith("{") ? Json.MAPPER.readTree(text) : YAML.readTree(text);
            if (tree == null || !tree.isObject()) {
                throw PatchErrors.badRequest("error decoding YAML: the apply patch must be an object, not "
                        + JsonValues.kind(tree));
            }
            return tree;
        } catch (IOException e) {
            throw PatchErrors.badRequest("error decoding YAML: " + e.getMessage());
        }
    }

    /** What the field manager checks before applying: the object's version and kind, and no managedFields. */
    public static void check(JsonNode applied, String apiVersion, String kind) {
        String version = applied.path("apiVersion").asText("");
        if (!version.equals(apiVersion)) {
            throw PatchErrors.badRequest("Incorrect version specified in apply patch. Specified patch version: "
                    + version + ", expected: " + apiVersion);
        }
        String appliedKind = applied.path("kind").asText("");
        if (appliedKind.isEmpty()) {
            throw PatchErrors.badRequest("Object 'Kind' is missing in apply patch");
        }
        if (!appliedKind.equals(kind)) {
            throw PatchErrors.badRequest("the kind of the apply patch (" + appliedKind + ") does not match the "
                    + "resource kind (" + kind + ")");
        }
        JsonNode managed = applied.path("metadata").get("managedFields");
        if (managed != null && !managed.isNull()) {
            throw PatchErrors.badRequest("metadata.managedFields must be nil");
        }
    }

    /** The live object with the applied configuration merged in; {@code live} null means a new object. */
    public static JsonNode apply(JsonNode live, JsonNode applied, PatchSchema schema) {
        return StrategicMergePatch.apply(live, applied, schema);
    }
}
