package io.quarkube.apiserver.discovery;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.quarkube.api.ResourceType;
import io.quarkube.api.json.Json;

import java.util.Comparator;

/** One resource of the aggregated discovery document (apidiscovery.k8s.io APIResourceDiscovery). */
final class AggregatedEntries {
    private AggregatedEntries() {
    }

    static ObjectNode resource(ResourceType<? extends HasMetadata> type) {
        ObjectNode entry = Json.MAPPER.createObjectNode();
        entry.put("resource", type.plural());
        kind(entry.putObject("responseKind"), type.group(), type.version(), type.kind());
        entry.put("scope", type.namespaced() ? "Namespaced" : "Cluster");
        entry.put("singularResource", type.singular());
        entry.set("verbs", Json.MAPPER.valueToTree(DiscoveryDocuments.verbsOf(type)));
        if (!type.shortNames().isEmpty()) {
            entry.set("shortNames", Json.MAPPER.valueToTree(type.shortNames()));
        }
        if (!type.categories().isEmpty()) {
            entry.set("categories", Json.MAPPER.valueToTree(type.categories()));
        }
        if (!type.subresources().isEmpty()) {
            ArrayNode subs = entry.putArray("subresources");
            type.subresources().stream().sorted(Comparator.naturalOrder()).map(s -> Subresource.of(type, s))
                    .forEach(sub -> {
                        ObjectNode s = subs.addObject().put("subresource", sub.name());
                        kind(s.putObject("responseKind"), sub.group(), sub.version(), sub.kind());
                        s.set("verbs", Json.MAPPER.valueToTree(sub.verbs()));
                    });
        }
        return entry;
    }

    static ObjectNode bindings() {
        ObjectNode entry = Json.MAPPER.createObjectNode();
        entry.put("resource", "bindings");
        kind(entry.putObject("responseKind"), "", "v1", "Binding");
        entry.put("scope", "Namespaced");
        entry.put("singularResource", "binding");
        entry.putArray("verbs").add("create");
        return entry;
    }

    private static void kind(ObjectNode node, String group, String version, String kind) {
        node.put("group", group).put("version", version).put("kind", kind);
    }
}
