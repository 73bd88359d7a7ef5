package io.quarkube.apiserver.tables;

import io.quarkube.apiserver.errors.StatusException;

/** The includeObject query parameter of a Table request: what each row's "object" holds. */
public enum IncludeObject {
    /** No object: "object": null. */
    NONE,
    /** A PartialObjectMetadata with the object's metadata (the default): enough for -A, -L and --show-labels. */
    METADATA,
    /** The full object (kubectl sends this for --sort-by). */
    OBJECT;

    /** "None", "Metadata" (or unset) or "Object"; anything else is a 400 as upstream answers it. */
    public static IncludeObject parse(String value) {
        if (value == null || value.isEmpty() || "Metadata".equals(value)) {
            return METADATA;
        }
        if ("Object".equals(value)) {
            return OBJECT;
        }
        if ("None".equals(value)) {
            return NONE;
        }
        throw StatusException.badRequest("unrecognized includeObject value: \"" + value + "\"");
    }
}
