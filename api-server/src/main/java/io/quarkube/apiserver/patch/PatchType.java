package io.quarkube.apiserver.patch;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** The PATCH content types the apiserver accepts for built-in kinds, in the order its 415 lists them. */
public enum PatchType {
    JSON("application/json-patch+json"),
    MERGE("application/merge-patch+json"),
    STRATEGIC("application/strategic-merge-patch+json"),
    APPLY("application/apply-patch+yaml");

    private final String mediaType;

    PatchType(String mediaType) {
        this.mediaType = mediaType;
    }

    public String mediaType() {
        return mediaType;
    }

    /** The patch type of a Content-Type header, ignoring parameters such as "; charset=utf-8". */
    public static Optional<PatchType> of(String contentType) {
        if (contentType == null) {
            return Optional.empty();
        }
        int semicolon = contentType.indexOf(';');
        String bare = (semicolon >= 0 ? contentType.substring(0, semicolon) : contentType).trim()
                .toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(t -> t.mediaType.equals(bare)).findFirst();
    }

    public static List<String> mediaTypes() {
        return Arrays.stream(values()).map(PatchType::mediaType).toList();
    }
}
