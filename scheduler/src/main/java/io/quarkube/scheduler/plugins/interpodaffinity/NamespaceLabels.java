package io.quarkube.scheduler.plugins.interpodaffinity;

import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * The labels of namespaces, looked up once per scheduling attempt and only when a term has a non-empty
 * namespaceSelector (almost none do), so a plain term never pays for a namespace lookup.
 */
final class NamespaceLabels {
    /** Remembers "no such namespace"; compared by identity, never read. */
    private static final Map<String, String> UNKNOWN = Collections.unmodifiableMap(new HashMap<>());

    private final Function<String, Map<String, String>> lookup;
    private Map<String, Map<String, String>> seen;

    NamespaceLabels(Function<String, Map<String, String>> lookup) {
        this.lookup = lookup;
    }

    /** The namespace's labels, or null if the namespace is not known. */
    Map<String, String> labels(String namespace) {
        if (seen == null) {
            seen = new HashMap<>();
        }
        Map<String, String> labels = seen.get(namespace);
        if (labels == null) {
            labels = lookup.apply(namespace);
            seen.put(namespace, labels == null ? UNKNOWN : labels);
            return labels;
        }
        return labels == UNKNOWN ? null : labels;
    }
}
