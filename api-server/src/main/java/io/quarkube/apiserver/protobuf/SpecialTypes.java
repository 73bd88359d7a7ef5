package io.quarkube.apiserver.protobuf;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.google.protobuf.ByteString;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Message;
import io.quarkube.api.json.Json;
import io.quarkube.apiserver.errors.StatusException;

import java.io.IOException;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * The apimachinery value types whose protobuf form is a message but whose JSON form is a scalar or raw JSON,
 * printed as their Go MarshalJSON does: Quantity "250m", IntOrString 1 or "25%", Time and MicroTime as RFC 3339
 * in UTC (null when zero), and FieldsV1/RawExtension as the JSON they carry. (metav1.Duration appears in no
 * registered kind.)
 */
final class SpecialTypes {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final String META = "k8s.io.apimachinery.pkg.apis.meta.v1.";
    private static final DateTimeFormatter MICRO = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSS'Z'")
            .withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter SECONDS = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss'Z'")
            .withZone(ZoneOffset.UTC);

    /** The JSON form of a special value type, or null when the message is an ordinary struct. */
    JsonNode toJson(Message message) {
        return switch (message.getDescriptorForType().getFullName()) {
            case "k8s.io.apimachinery.pkg.api.resource.Quantity" -> quantity(message);
            case "k8s.io.apimachinery.pkg.util.intstr.IntOrString" -> intOrString(message);
            case META + "Time" -> time(message, SECONDS);
            case META + "MicroTime" -> time(message, MICRO);
            case META + "FieldsV1" -> rawJson((ByteString) field(message, "Raw"));
            case "k8s.io.apimachinery.pkg.runtime.RawExtension" -> rawJson((ByteString) field(message, "raw"));
            default -> null;
        };
    }

    private static JsonNode quantity(Message message) {
        String text = (String) field(message, "string");
        if (text.isEmpty()) {
            throw StatusException.badRequest("a resource quantity in the protobuf body is empty");
        }
        return NODES.textNode(text);
    }

    /** Type 0 is the int form, 1 the string form ("25%"); Go's MarshalJSON refuses any other type. */
    private static JsonNode intOrString(Message message) {
        long type = longField(message, "type");
        if (type == 0) {
            return NODES.numberNode(((Number) field(message, "intVal")).intValue());
        }
        if (type == 1) {
            return NODES.textNode((String) field(message, "strVal"));
        }
        throw StatusException.badRequest("an IntOrString in the protobuf body has the impossible type " + type);
    }

    /** Go decodes seconds == 0 and nanos == 0 as the zero time, which marshals to null. */
    private static JsonNode time(Message message, DateTimeFormatter format) {
        long seconds = longField(message, "seconds");
        long nanos = longField(message, "nanos");
        if (seconds == 0 && nanos == 0) {
            return NODES.nullNode();
        }
        try {
            return NODES.textNode(format.format(Instant.ofEpochSecond(seconds, nanos)));
        } catch (DateTimeException e) {
            throw StatusException.badRequest("a time in the protobuf body is out of range: " + seconds + "s");
        }
    }

    private JsonNode rawJson(ByteString raw) {
        if (raw.isEmpty()) {
            return NODES.nullNode();
        }
        try {
            // client-go fills RawExtension.raw with the embedded object's JSON
            return Json.MAPPER.readTree(raw.toByteArray());
        } catch (IOException e) {
            throw StatusException.badRequest("an embedded object in the protobuf body is not JSON: "
                    + e.getMessage());
        }
    }

    private static Object field(Message message, String name) {
        FieldDescriptor field = message.getDescriptorForType().findFieldByName(name);
        return message.getField(field);
    }

    private static long longField(Message message, String name) {
        return ((Number) field(message, name)).longValue();
    }
}
