package io.quarkube.apiserver.tables;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Whether a request wants a meta.k8s.io Table, decided from its Accept header the way the apiserver negotiates:
 * the first acceptable media type (highest q first, then header order) wins. kubectl get sends
 * {@code application/json;as=Table;v=v1;g=meta.k8s.io,application/json;as=Table;v=v1beta1;g=meta.k8s.io,application/json},
 * so it gets a v1 Table; a plain {@code application/json}, {@code *}{@code /*} or no Accept header gets the object.
 *
 * @param apiVersion the Table's apiVersion: meta.k8s.io/v1 or meta.k8s.io/v1beta1, as requested
 */
public record TableFormat(String apiVersion, IncludeObject includeObject) {
    public static final String V1 = "meta.k8s.io/v1";
    public static final String V1BETA1 = "meta.k8s.io/v1beta1";

    /** A v1 Table whose rows carry PartialObjectMetadata (or the full object). */
    public static TableFormat v1(boolean includeObject) {
        return new TableFormat(V1, includeObject ? IncludeObject.OBJECT : IncludeObject.METADATA);
    }

    /**
     * The Table format the request asks for, or empty when the plain object (or list) should be served.
     * {@code includeObject} is the query parameter; it is only validated when a Table is requested.
     */
    public static Optional<TableFormat> negotiate(String accept, String includeObject) {
        if (accept == null || accept.isBlank()) {
            return Optional.empty();
        }
        for (MediaRange range : ranges(accept)) {
            if (!range.json()) {
                continue;
            }
            if (range.as == null) {
                return Optional.empty(); // a plain JSON range comes first: the object itself
            }
            if ("Table".equals(range.as) && "meta.k8s.io".equals(range.group)
                    && ("v1".equals(range.version) || "v1beta1".equals(range.version))) {
                return Optional.of(new TableFormat("meta.k8s.io/" + range.version, IncludeObject.parse(includeObject)));
            }
            // other transformations (PartialObjectMetadata...) are not served: try the next range
        }
        return Optional.empty();
    }

    private record MediaRange(String type, String as, String group, String version, double q, int order) {
        boolean json() {
            return type.equals("application/json") || type.equals("application/*") || type.equals("*/*");
        }
    }

    private static List<MediaRange> ranges(String accept) {
        List<MediaRange> ranges = new ArrayList<>();
        String[] parts = accept.split(",");
        for (int i = 0; i < parts.length; i++) {
            String[] pieces = parts[i].split(";");
            String type = pieces[0].trim().toLowerCase(Locale.ROOT);
            if (type.isEmpty()) {
                continue;
            }
            String as = null;
            String group = null;
            String version = null;
            double q = 1.0;
            for (int p = 1; p < pieces.length; p++) {
                String[] kv = pieces[p].split("=", 2);
                String key = kv[0].trim().toLowerCase(Locale.ROOT);
                String value = kv.length > 1 ? kv[1].trim() : "";
                switch (key) {
                    case "as" -> as = value;
                    case "g" -> group = value;
                    case "v" -> version = value;
                    case "q" -> q = parseQ(value);
                    default -> {
                    }
                }
            }
            if (q > 0) {
                ranges.add(new MediaRange(type, as, group, version, q, i));
            }
        }
        ranges.sort(Comparator.comparingDouble(MediaRange::q).reversed().thenComparingInt(MediaRange::order));
        return ranges;
    }

    private static double parseQ(String value) {
        try {
            return Double.parseDouble(value);
        } catch (NumberFormatException e) {
            return 1.0;
        }
    }
}
