package io.quarkube.apiserver.openapi;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.DeleteOptions;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Status;
import io.quarkube.api.ResourceType;
import io.quarkube.api.json.Json;
import io.quarkube.apiserver.discovery.Subresource;
import io.quarkube.apiserver.openapi.Operations.Gvk;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

import static io.quarkube.apiserver.openapi.Operations.body;
import static io.quarkube.apiserver.openapi.Operations.operation;
import static io.quarkube.apiserver.openapi.Operations.query;
import static io.quarkube.apiserver.openapi.Operations.respond;

/** The OpenAPI 3.0 document of one group/version: a path per collection, item and subresource, and schemas. */
final class GroupVersionDocument {
    private static final List<String> JSON = List.of("application/json");

    private final String group;
    private final String version;
    private final String prefix;
    private final String tag;
    private final String idPart;
    private final ModelSchemas schemas = new ModelSchemas();
    private final Map<String, ObjectNode> paths = new TreeMap<>();

    private GroupVersionDocument(String group, String version) {
        this.group = group;
        this.version = version;
        this.prefix = group.isEmpty() ? "/api/" + version : "/apis/" + group + "/" + version;
        String groupName = group.isEmpty() ? "core" : group.replace(".k8s.io", "");
        this.tag = groupName.replace('.', '_') + "_" + version;
        this.idPart = camel(groupName) + camel(version);
    }

    static ObjectNode build(String group, String version, List<ResourceType<? extends HasMetadata>> types) {
        GroupVersionDocument doc = new GroupVersionDocument(group, version);
        types.forEach(doc::addResource);
        if (group.isEmpty()) {
            doc.addLegacyBindings();
        }
        return doc.document();
    }

    private ObjectNode document() {
        schemas.markKind(Status.class, "", "v1", "Status");
        ObjectNode doc = Json.MAPPER.createObjectNode();
        doc.put("openapi", "3.0.0");
        doc.putObject("info").put("title", "Kubernetes").put("version", "v1.32.0");
        ObjectNode pathsNode = doc.putObject("paths");
        paths.forEach(pathsNode::set);
        ObjectNode components = doc.putObject("components");
        components.set("schemas", schemas.components());
        components.putObject("securitySchemes").putObject("BearerToken").put("type", "apiKey")
                .put("description", "Bearer Token authentication").put("name", "authorization").put("in", "header");
        doc.putArray("security").addObject().putArray("BearerToken");
        return doc;
    }

    private void addResource(ResourceType<? extends HasMetadata> type) {
        Gvk gvk = new Gvk(group, version, type.kind());
        schemas.markKind(type.modelClass(), group, version, type.kind());
        ObjectNode kind = schemas.ref(type.modelClass());
        ObjectNode list = listSchema(type);
        String ns = type.namespaced() ? "Namespaced" : "";
        String collection = type.namespaced() ? prefix + "/namespaces/{namespace}/" + type.plural()
                : prefix + "/" + type.plural();
        String what = " objects of kind " + type.kind();

        ObjectNode c = pathItem(collection, false, type.namespaced());
        c.set("get", respond(query(operation("list", "list" + idPart + ns + type.kind(),
                "list or watch" + what, tag, gvk), QueryParameters.LIST), "200", list));
        c.set("post", created(query(body(operation("post", "create" + idPart + ns + type.kind(),
                "create " + a(type.kind()), tag, gvk), JSON, kind), QueryParameters.WRITE), kind));
        c.set("delete", respond(query(optionalBody(operation("deletecollection", "deleteCollection" + idPart + ns
                + type.kind(), "delete collection of " + type.kind(), tag, gvk)), QueryParameters.DELETE_COLLECTION),
                "200", schemas.ref(Status.class)));
        if (type.namespaced()) {
            pathItem(prefix + "/" + type.plural(), false, false).set("get", respond(query(operation("list",
                    "list" + idPart + type.kind() + "ForAllNamespaces", "list or watch" + what, tag, gvk),
                    QueryParameters.LIST), "200", list));
        }

        String itemPath = collection + "/{name}";
        ObjectNode item = pathItem(itemPath, true, type.namespaced());
        String id = idPart + ns + type.kind();
        item.set("get", respond(operation("get", "read" + id, "read the specified " + type.kind(), tag, gvk),
                "200", kind));
        item.set("put", replace("replace" + id, "replace the specified " + type.kind(), gvk, kind));
        item.set("patch", patch("patch" + id, "partially update the specified " + type.kind(), gvk, kind));
        ObjectNode delete = respond(query(optionalBody(operation("delete", "delete" + id,
                "delete " + a(type.kind()), tag, gvk)), QueryParameters.DELETE), "200", kind);
        item.set("delete", respond(delete, "202", kind));

        for (String name : type.subresources()) {
            addSubresource(itemPath, id, type, Subresource.of(type, name));
        }
    }

    private void addSubresource(String itemPath, String parentId, ResourceType<? extends HasMetadata> type,
                                Subresource sub) {
        Gvk gvk = new Gvk(sub.group(), sub.version(), sub.kind());
        String id = parentId + camel(sub.name());
        String about = sub.name() + " of the specified " + type.kind();
        ObjectNode path = pathItem(itemPath + "/" + sub.name(), true, type.namespaced());
        if ("log".equals(sub.name())) {
            ObjectNode text = Json.MAPPER.createObjectNode().put("type", "string");
            path.set("get", respond(query(operation("get", "read" + id, "read log of the specified "
                    + type.kind(), tag, gvk), QueryParameters.LOG), "200", "text/plain", text));
            return;
        }
        ObjectNode schema = sub.foreignTo(type) || !sub.kind().equals(type.kind())
                ? ForeignSchemas.ref(schemas, sub) : schemas.ref(type.modelClass());
        for (String verb : sub.verbs()) {
            switch (verb) {
                case "get" -> path.set("get", respond(operation("get", "read" + id, "read " + about, tag, gvk),
                        "200", schema));
                case "update" -> path.set("put", replace("replace" + id, "replace " + about, gvk, schema));
                case "patch" -> path.set("patch", patch("patch" + id, "partially update " + about, gvk, schema));
                case "create" -> path.set("post", created(query(body(operation("post", "create" + id,
                        "create " + about, tag, gvk), JSON, schema), QueryParameters.WRITE), schema));
                default -> throw new IllegalStateException("no OpenAPI operation for verb " + verb);
            }
        }
    }

    /** POST /api/v1/namespaces/{namespace}/bindings, the legacy way to bind a pod (fabric8 bindings()). */
    private void addLegacyBindings() {
        Subresource binding = new Subresource("binding", "", "v1", "Binding", List.of("create"));
        ObjectNode schema = ForeignSchemas.ref(schemas, binding);
        pathItem(prefix + "/namespaces/{namespace}/bindings", false, true).set("post", created(query(body(
                operation("post", "create" + idPart + "NamespacedBinding", "create a Binding", tag,
                        new Gvk("", "v1", "Binding")), JSON, schema), QueryParameters.WRITE), schema));
    }

    private ObjectNode replace(String id, String description, Gvk gvk, ObjectNode schema) {
        ObjectNode op = query(body(operation("put", id, description, tag, gvk), JSON, schema), QueryParameters.WRITE);
        return respond(respond(op, "200", schema), "201", schema);
    }

    private ObjectNode patch(String id, String description, Gvk gvk, ObjectNode schema) {
        ObjectNode op = query(body(operation("patch", id, description, tag, gvk), Operations.PATCH_TYPES,
                ForeignSchemas.patch(schemas)), QueryParameters.PATCH);
        return respond(respond(op, "200", schema), "201", schema);
    }

    private static ObjectNode created(ObjectNode op, ObjectNode schema) {
        return respond(respond(respond(op, "200", schema), "201", schema), "202", schema);
    }

    private ObjectNode optionalBody(ObjectNode op) {
        body(op, JSON, schemas.ref(DeleteOptions.class));
        ((ObjectNode) op.get("requestBody")).remove("required");
        return op;
    }

    private ObjectNode listSchema(ResourceType<? extends HasMetadata> type) {
        try {
            Class<?> listClass = Class.forName(type.modelClass().getName() + "List", false,
                    type.modelClass().getClassLoader());
            schemas.markKind(listClass, group, version, type.kind() + "List");
            return schemas.ref(listClass);
        } catch (ClassNotFoundException e) {
            return Json.MAPPER.createObjectNode().put("type", "object");
        }
    }

    private ObjectNode pathItem(String path, boolean named, boolean namespaced) {
        return paths.computeIfAbsent(path, p -> {
            ObjectNode item = Json.MAPPER.createObjectNode();
            ArrayNode parameters = item.putArray("parameters");
            if (named) {
                parameters.add(Operations.pathParameter("name"));
            }
            if (namespaced) {
                parameters.add(Operations.pathParameter("namespace"));
            }
            parameters.add(Operations.queryParameter("pretty"));
            return item;
        });
    }

    private static String camel(String dotted) {
        StringBuilder out = new StringBuilder();
        for (String part : dotted.split("[.\\-]")) {
            if (!part.isEmpty()) {
                out.append(part.substring(0, 1).toUpperCase(Locale.ROOT)).append(part.substring(1));
            }
        }
        return out.toString();
    }

    private static String a(String kind) {
        return ("AEIOU".indexOf(kind.charAt(0)) >= 0 ? "an " : "a ") + kind;
    }
}
