package io.quarkube.apiserver.openapi;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkube.api.json.Json;

import java.util.List;

/**
 * Builds OpenAPI operation objects the way the Kubernetes api-server publishes them: operationId,
 * x-kubernetes-action, x-kubernetes-group-version-kind and the query parameters of each verb. kubectl reads
 * the PATCH operations: the fieldValidation parameter turns on server-side validation, and the request content
 * types tell it strategic merge patch is accepted (contract §2).
 */
final class Operations {
    static final List<String> PATCH_TYPES = List.of("application/apply-patch+yaml", "application/json-patch+json",
            "application/merge-patch+json", "application/strategic-merge-patch+json");

    record Gvk(String group, String version, String kind) {
    }

    private Operations() {
    }

    static ObjectNode operation(String action, String operationId, String description, String tag, Gvk gvk) {
        ObjectNode op = Json.MAPPER.createObjectNode();
        op.putArray("tags").add(tag);
        op.put("description", description);
        op.put("operationId", operationId);
        op.putArray("parameters");
        op.putObject("responses");
        op.put("x-kubernetes-action", action);
        op.putObject("x-kubernetes-group-version-kind")
                .put("group", gvk.group()).put("version", gvk.version()).put("kind", gvk.kind());
        return op;
    }

    static ObjectNode respond(ObjectNode op, String code, ObjectNode schema) {
        return respond(op, code, "application/json", schema);
    }

    static ObjectNode respond(ObjectNode op, String code, String contentType, ObjectNode schema) {
        ObjectNode responses = (ObjectNode) op.get("responses");
        responses.remove("401"); // kept last, after the success codes
        ObjectNode response = responses.putObject(code).put("description", describe(code));
        response.putObject("content").putObject(contentType).set("schema", schema);
        responses.putObject("401").put("description", "Unauthorized");
        return op;
    }

    static ObjectNode body(ObjectNode op, List<String> contentTypes, ObjectNode schema) {
        ObjectNode requestBody = op.putObject("requestBody");
        ObjectNode content = requestBody.putObject("content");
        contentTypes.forEach(ct -> content.putObject(ct).set("schema", schema.deepCopy()));
        requestBody.put("required", true);
        return op;
    }

    static ObjectNode query(ObjectNode op, String... names) {
        ArrayNode parameters = (ArrayNode) op.get("parameters");
        for (String name : names) {
            parameters.add(queryParameter(name));
        }
        return op;
    }

    static ObjectNode pathParameter(String name) {
        ObjectNode p = Json.MAPPER.createObjectNode().put("name", name).put("in", "path").put("required", true);
        p.put("description", "name".equals(name) ? "name of the resource"
                : "object name and auth scope, such as for teams and projects");
        p.putObject("schema").put("type", "string").put("uniqueItems", true);
        return p;
    }

    static ObjectNode queryParameter(String name) {
        ObjectNode p = Json.MAPPER.createObjectNode().put("name", name).put("in", "query");
        p.put("description", QueryParameters.description(name));
        p.putObject("schema").put("type", QueryParameters.type(name)).put("uniqueItems", true);
        return p;
    }

    private static String describe(String code) {
        return switch (code) {
            case "201" -> "Created";
            case "202" -> "Accepted";
            default -> "OK";
        };
    }
}
