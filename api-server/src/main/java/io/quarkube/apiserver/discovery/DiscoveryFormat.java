package io.quarkube.apiserver.discovery;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Which discovery document an Accept header asks for. kubectl lists the aggregated v2, then v2beta1, then plain
 * JSON; fabric8 sends no Accept at all. Anything not asking for the aggregated list gets the legacy JSON,
 * never a 406 (contract §1).
 */
public enum DiscoveryFormat {
    LEGACY(null),
    AGGREGATED_V2("v2"),
    AGGREGATED_V2BETA1("v2beta1");

    private static final String GROUP = "apidiscovery.k8s.io";
    private static final String AS = "APIGroupDiscoveryList";

    private final String version;

    DiscoveryFormat(String version) {
        this.version = version;
    }

    /** apidiscovery.k8s.io version of the aggregated document; null for LEGACY. */
    public String version() {
        return version;
    }

    /** The exact Content-Type kubectl recognizes as aggregated discovery (client-go ContentTypeIsGVK). */
    public String contentType() {
        return version == null ? "application/json"
                : "application/json;g=" + GROUP + ";v=" + version + ";as=" + AS;
    }

    public static DiscoveryFormat fromAccept(String accept) {
        if (accept == null || accept.isBlank()) {
            return LEGACY;
        }
        List<MediaRange> ranges = new ArrayList<>();
        for (String part : accept.split(",")) {
            MediaRange range = MediaRange.parse(part);
            if (range != null && range.quality > 0) {
                ranges.add(range);
            }
        }
        ranges.sort(Comparator.comparingDouble((MediaRange r) -> r.quality).reversed()); // stable: keeps order
        for (MediaRange range : ranges) {
            if (!range.acceptsJson()) {
                continue; // e.g. protobuf, which this server does not produce
            }
            String as = range.params.get("as");
            if (as == null) {
                return LEGACY;
            }
            if (AS.equals(as) && GROUP.equals(range.params.get("g"))) {
                for (DiscoveryFormat f : values()) {
                    if (f.version != null && f.version.equals(range.params.get("v"))) {
                        return f;
                    }
                }
            }
        }
        return LEGACY;
    }

    private record MediaRange(String type, Map<String, String> params, double quality) {
        static MediaRange parse(String text) {
            String[] pieces = text.trim().split(";");
            if (pieces[0].isBlank()) {
                return null;
            }
            Map<String, String> params = new HashMap<>();
            double q = 1;
            for (int i = 1; i < pieces.length; i++) {
                String[] kv = pieces[i].split("=", 2);
                if (kv.length != 2) {
                    continue;
                }
                String key = kv[0].trim().toLowerCase(Locale.ROOT);
                String value = kv[1].trim().replace("\"", "");
                if ("q".equals(key)) {
                    try {
                        q = Double.parseDouble(value);
                    } catch (NumberFormatException e) {
                        q = 0;
                    }
                } else {
                    params.put(key, value);
                }
            }
            return new MediaRange(pieces[0].trim().toLowerCase(Locale.ROOT), params, q);
        }

        boolean acceptsJson() {
            return "application/json".equals(type) || "application/*".equals(type) || "*/*".equals(type);
        }
    }
}
