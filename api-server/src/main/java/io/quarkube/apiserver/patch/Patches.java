package io.quarkube.apiserver.patch;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.StatusCause;
import io.quarkube.api.json.Json;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.MultivaluedMap;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The PATCH verb for any object tree (a kind, or a subresource such as a Scale): decodes and checks the request
 * before any storage work (415, 400, 422 on PatchOptions), then applies it to the current object as a pure
 * function, which the registry runs inside its locked update.
 */
@ApplicationScoped
public class Patches {
    private static final int FIELD_MANAGER_MAX = 128;
    private static final Set<String> FIELD_VALIDATION = Set.of("", "Ignore", "Warn", "Strict");

    /**
     * Decodes a PATCH request for an object of {@code apiVersion}/{@code kind}: its Content-Type, its query
     * (fieldManager, force, dryRun, fieldValidation) and its body.
     */
    public PatchRequest parse(String contentType, byte[] body, MultivaluedMap<String, String> query,
                              String apiVersion, String kind) {
        PatchType type = PatchType.of(contentType)
                .orElseThrow(() -> PatchErrors.unsupportedMediaType(PatchType.mediaTypes()));
        String fieldManager = query.getFirst("fieldManager") == null ? "" : query.getFirst("fieldManager");
        List<String> dryRun = query.get("dryRun") == null ? List.of() : query.get("dryRun");
        String fieldValidation = query.getFirst("fieldValidation") == null ? "" : query.getFirst("fieldValidation");
        checkOptions(type, fieldManager, query.containsKey("force"), dryRun, fieldValidation);
        JsonNode patch;
        if (type == PatchType.APPLY) {
            patch = ApplyPatch.parse(body);
            ApplyPatch.check(patch, apiVersion, kind);
        } else {
            patch = readJson(body);
            switch (type) {
                case JSON -> JsonPatch.validate(patch);
                case MERGE -> MergePatch.validate(patch);
                default -> StrategicMergePatch.validate(patch);
            }
        }
        return new PatchRequest(type, patch, fieldManager, !dryRun.isEmpty(), fieldValidation);
    }

    /** The patched copy of {@code current} (null for an object that does not exist yet, apply only). */
    public JsonNode apply(PatchRequest request, JsonNode current, String kind) {
        return switch (request.type()) {
            case JSON -> JsonPatch.apply(current, request.patch());
            case MERGE -> MergePatch.apply(current, request.patch());
            case STRATEGIC -> StrategicMergePatch.apply(current, request.patch(), PatchSchemas.forKind(kind));
            case APPLY -> ApplyPatch.apply(current, request.patch(), PatchSchemas.forKind(kind));
        };
    }

    /** validation.ValidatePatchOptions: one 422 naming every bad option. */
    private static void checkOptions(PatchType type, String fieldManager, boolean force, List<String> dryRun,
                                     String fieldValidation) {
        List<StatusCause> causes = new ArrayList<>();
        if (type != PatchType.APPLY && force) {
            causes.add(PatchErrors.cause("FieldValueForbidden", "force",
                    "Forbidden: may not be specified for non-apply patch"));
        }
        if (type == PatchType.APPLY && fieldManager.isEmpty()) {
            causes.add(PatchErrors.cause("FieldValueRequired", "fieldManager",
                    "Required value: is required for apply patch"));
        }
        if (fieldManager.length() > FIELD_MANAGER_MAX) {
            causes.add(PatchErrors.cause("FieldValueTooLong", "fieldManager",
                    "Too long: may not be more than " + FIELD_MANAGER_MAX + " bytes"));
        }
        for (String value : dryRun) {
            if (!"All".equals(value)) {
                causes.add(PatchErrors.cause("FieldValueNotSupported", "dryRun",
                        "Unsupported value: \"" + value + "\": supported values: \"All\""));
            }
        }
        if (!FIELD_VALIDATION.contains(fieldValidation)) {
            causes.add(PatchErrors.cause("FieldValueNotSupported", "fieldValidation", "Unsupported value: \""
                    + fieldValidation + "\": supported values: \"Ignore\", \"Strict\", \"Warn\""));
        }
        if (!causes.isEmpty()) {
            throw PatchErrors.invalidOptions(causes);
        }
    }

    private static JsonNode readJson(byte[] body) {
        if (body == null || body.length == 0) {
            throw PatchErrors.badRequest("the request body is empty; it must be a patch document");
        }
        try {
            return Json.MAPPER.readTree(body);
        } catch (JsonProcessingException e) {
            throw PatchErrors.badRequest("error decoding patch: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw PatchErrors.badRequest("the body of the request could not be read: " + e.getMessage());
        }
    }
}
