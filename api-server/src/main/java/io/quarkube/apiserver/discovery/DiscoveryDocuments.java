package io.quarkube.apiserver.discovery;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.quarkube.api.ResourceType;
import io.quarkube.api.json.Json;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The discovery documents of a resource registry, in the legacy shapes (APIVersions, APIGroupList, APIGroup,
 * APIResourceList) and the aggregated APIGroupDiscoveryList (K8S-API-CONTRACT.md §1). Pure: no I/O, no state.
 */
public final class DiscoveryDocuments {
    static final List<String> ALL_VERBS =
            List.of("create", "delete", "deletecollection", "get", "list", "patch", "update", "watch");
    private static final String CORE_VERSION = "v1";

    private final List<ResourceType<? extends HasMetadata>> types;

    public DiscoveryDocuments(List<ResourceType<? extends HasMetadata>> types) {
        this.types = List.copyOf(types);
    }

    /** GET /api. */
    public ObjectNode apiVersions(String serverAddress) {
        ObjectNode doc = Json.MAPPER.createObjectNode();
        doc.put("kind", "APIVersions");
        ArrayNode versions = doc.putArray("versions");
        versionsOf("").forEach(versions::add);
        doc.putArray("serverAddressByClientCIDRs").addObject()
                .put("clientCIDR", "0.0.0.0/0").put("serverAddress", serverAddress);
        return doc;
    }

    /** GET /apis: every named group. */
    public ObjectNode apiGroupList() {
        ObjectNode doc = Json.MAPPER.createObjectNode();
        doc.put("kind", "APIGroupList");
        doc.put("apiVersion", "v1");
        ArrayNode groups = doc.putArray("groups");
        namedGroups().forEach(g -> groups.add(groupBody(Json.MAPPER.createObjectNode(), g)));
        return doc;
    }

    /** GET /apis/{group}. */
    public Optional<ObjectNode> apiGroup(String group) {
        if (group.isEmpty() || versionsOf(group).isEmpty()) {
            return Optional.empty();
        }
        ObjectNode doc = Json.MAPPER.createObjectNode();
        doc.put("kind", "APIGroup");
        doc.put("apiVersion", "v1");
        return Optional.of(groupBody(doc, group));
    }

    /** GET /api/v1 or /apis/{group}/{version}: each resource and each subresource as its own entry. */
    public Optional<ObjectNode> resourceList(String group, String version) {
        List<ResourceType<? extends HasMetadata>> inGv = typesOf(group, version);
        if (inGv.isEmpty()) {
            return Optional.empty();
        }
        List<ObjectNode> entries = new ArrayList<>();
        for (ResourceType<? extends HasMetadata> type : inGv) {
            entries.add(legacyResource(type));
            for (String sub : type.subresources()) {
                entries.add(legacySubresource(type, Subresource.of(type, sub)));
            }
        }
        if (isCore(group, version)) {
            entries.add(legacyBindings());
        }
        entries.sort(Comparator.comparing(e -> e.get("name").asText()));
        ObjectNode doc = Json.MAPPER.createObjectNode();
        doc.put("kind", "APIResourceList");
        doc.put("apiVersion", "v1");
        doc.put("groupVersion", group.isEmpty() ? version : group + "/" + version);
        doc.putArray("resources").addAll(entries);
        return Optional.of(doc);
    }

    /** The aggregated list: the core group alone for /api, the named groups for /apis. */
    public ObjectNode aggregated(boolean core, String discoveryVersion) {
        ObjectNode doc = Json.MAPPER.createObjectNode();
        doc.put("kind", "APIGroupDiscoveryList");
        doc.put("apiVersion", "apidiscovery.k8s.io/" + discoveryVersion);
        doc.putObject("metadata");
        ArrayNode items = doc.putArray("items");
        for (String group : core ? List.of("") : namedGroups()) {
            if (versionsOf(group).isEmpty()) {
                continue;
            }
            ObjectNode item = items.addObject();
            ObjectNode metadata = item.putObject("metadata");
            if (!group.isEmpty()) {
                metadata.put("name", group);
            }
            ArrayNode versions = item.putArray("versions");
            for (String version : versionsOf(group)) {
                ObjectNode v = versions.addObject().put("version", version);
                List<ObjectNode> resources = new ArrayList<>();
                typesOf(group, version).forEach(t -> resources.add(AggregatedEntries.resource(t)));
                if (isCore(group, version)) {
                    resources.add(AggregatedEntries.bindings());
                }
                resources.sort(Comparator.comparing(r -> r.get("resource").asText()));
                v.putArray("resources").addAll(resources);
                v.put("freshness", "Current");
            }
        }
        return doc;
    }

    static List<String> verbsOf(ResourceType<? extends HasMetadata> type) {
        // A namespace is deleted one at a time, through its finalizers: upstream has no deletecollection.
        return type.group().isEmpty() && "namespaces".equals(type.plural())
                ? ALL_VERBS.stream().filter(v -> !"deletecollection".equals(v)).toList() : ALL_VERBS;
    }

    private ObjectNode groupBody(ObjectNode doc, String group) {
        doc.put("name", group);
        ArrayNode versions = doc.putArray("versions");
        List<String> all = versionsOf(group);
        all.forEach(v -> versions.addObject().put("groupVersion", group + "/" + v).put("version", v));
        doc.putObject("preferredVersion").put("groupVersion", group + "/" + all.get(0)).put("version", all.get(0));
        return doc;
    }

    private ObjectNode legacyResource(ResourceType<? extends HasMetadata> type) {
        ObjectNode entry = Json.MAPPER.createObjectNode();
        entry.put("name", type.plural());
        entry.put("singularName", type.singular());
        entry.put("namespaced", type.namespaced());
        entry.put("kind", type.kind());
        entry.set("verbs", Json.MAPPER.valueToTree(verbsOf(type)));
        if (!type.shortNames().isEmpty()) {
            entry.set("shortNames", Json.MAPPER.valueToTree(type.shortNames()));
        }
        if (!type.categories().isEmpty()) {
            entry.set("categories", Json.MAPPER.valueToTree(type.categories()));
        }
        return entry;
    }

    private static ObjectNode legacySubresource(ResourceType<? extends HasMetadata> parent, Subresource sub) {
        ObjectNode entry = Json.MAPPER.createObjectNode();
        entry.put("name", parent.plural() + "/" + sub.name());
        entry.put("singularName", "");
        entry.put("namespaced", parent.namespaced());
        if (sub.foreignTo(parent)) {
            // Without these kubectl scale --current-replicas cannot decode the Scale (contract §1 gotcha).
            entry.put("group", sub.group());
            entry.put("version", sub.version());
        }
        entry.put("kind", sub.kind());
        entry.set("verbs", Json.MAPPER.valueToTree(sub.verbs()));
        return entry;
    }

    /** The legacy POST /api/v1/namespaces/{ns}/bindings that fabric8's bindings() uses. */
    private static ObjectNode legacyBindings() {
        ObjectNode entry = Json.MAPPER.createObjectNode();
        entry.put("name", "bindings");
        entry.put("singularName", "binding");
        entry.put("namespaced", true);
        entry.put("kind", "Binding");
        entry.putArray("verbs").add("create");
        return entry;
    }

    private boolean isCore(String group, String version) {
        return group.isEmpty() && CORE_VERSION.equals(version);
    }

    private List<String> namedGroups() {
        return types.stream().map(ResourceType::group).filter(g -> !g.isEmpty()).distinct().toList();
    }

    private List<String> versionsOf(String group) {
        return types.stream().filter(t -> t.group().equals(group)).map(ResourceType::version).distinct().toList();
    }

    private List<ResourceType<? extends HasMetadata>> typesOf(String group, String version) {
        return types.stream().filter(t -> t.group().equals(group) && t.version().equals(version)).toList();
    }
}
