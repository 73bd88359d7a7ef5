package io.quarkube.apiserver.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.quarkube.api.ResourceType;
import io.quarkube.api.json.Json;
import io.quarkube.apiserver.errors.StatusException;
import io.quarkube.apiserver.protobuf.ProtobufBodies;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.io.IOException;
import java.util.List;

/** Request bodies in, API objects out, in the shapes and error texts Kubernetes uses. */
final class Bodies {
    private Bodies() {
    }

    static <T> T parse(byte[] body, Class<T> type, String contentType) {
        if (ProtobufBodies.isProtobuf(contentType)) {
            // kubectl's typed clients (create deployment|namespace|job|cronjob, drain) send only protobuf
            return parse(ProtobufBodies.toJson(body), type, "application/json");
        }
        if (contentType != null && !contentType.isEmpty() && !contentType.startsWith("application/json")
                && !contentType.startsWith("*/*")) {
            throw new StatusException(new io.fabric8.kubernetes.api.model.StatusBuilder().withStatus("Failure")
                    .withCode(415).withReason("UnsupportedMediaType").withNewMetadata().endMetadata()
                    .withMessage("the body of the request was in an unknown format - accepted media types include: "
                            + "application/json, application/vnd.kubernetes.protobuf").build());
        }
        if (body == null || body.length == 0) {
            throw StatusException.badRequest("the request body is empty; it must be a JSON object");
        }
        try {
            T value = Json.MAPPER.readValue(body, type);
            if (value == null) {
                throw StatusException.badRequest("the request body must be a JSON object, not null");
            }
            return value;
        } catch (JsonProcessingException e) {
            throw StatusException.badRequest("the body of the request could not be decoded: "
                    + e.getOriginalMessage());
        } catch (IOException e) {
            throw StatusException.badRequest("the body of the request could not be read: " + e.getMessage());
        }
    }

    static <T extends HasMetadata> T parseObject(byte[] body, ResourceType<T> type, String contentType) {
        T object = parse(body, type.modelClass(), contentType);
        if (object.getKind() != null && !object.getKind().isEmpty() && !object.getKind().equals(type.kind())) {
            throw StatusException.badRequest("the kind of the object (" + object.getKind() + ") does not match "
                    + "the resource of the URL (" + type.plural() + ")");
        }
        if (object.getMetadata() == null) {
            object.setMetadata(new io.fabric8.kubernetes.api.model.ObjectMeta());
        }
        return object;
    }

    static Response json(int code, Object value) {
        return Response.status(code).type(MediaType.APPLICATION_JSON_TYPE).entity(Json.write(value)).build();
    }

    static <T extends HasMetadata> ObjectNode list(ResourceType<T> type, List<T> items, long resourceVersion) {
        ObjectNode list = Json.MAPPER.createObjectNode();
        list.put("kind", type.kind() + "List");
        list.put("apiVersion", type.apiVersion());
        list.putObject("metadata").put("resourceVersion", Long.toString(resourceVersion));
        ArrayNode array = list.putArray("items");
        for (T item : items) {
            item.setApiVersion(type.apiVersion());
            array.add(Json.MAPPER.<ObjectNode>valueToTree(item));
        }
        return list;
    }
}
