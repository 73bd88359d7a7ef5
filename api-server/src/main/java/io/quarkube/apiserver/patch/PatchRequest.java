package io.quarkube.apiserver.patch;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A decoded PATCH: its type, the patch document (for apply, the applied configuration) and the PatchOptions
 * query parameters that matter here. {@code fieldValidation} is accepted but unknown fields are not refused.
 */
public record PatchRequest(PatchType type, JsonNode patch, String fieldManager, boolean dryRun,
                           String fieldValidation) {

    /** Server-side apply creates the object when it does not exist (patch.go forceAllowCreate). */
    public boolean createsMissing() {
        return type == PatchType.APPLY;
    }
}
