package io.quarkube.apiserver.protobuf;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.ByteString;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.EnumValueDescriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Message;

import java.util.Base64;
import java.util.List;

/**
 * Prints a Kubernetes protobuf message as the JSON its Go type would marshal to, by walking the descriptor:
 * proto field names are the JSON names, unset fields and Go zero values are left out ({@link GoZeroValues}),
 * embedded Go structs are merged into their parent ({@link GoInlineFields}),
 * maps become objects, bytes become base64, and the apimachinery value types use their JSON forms
 * ({@link SpecialTypes}).
 */
final class MessageJson {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final SpecialTypes special = new SpecialTypes();

    /** The message as a JSON object (never one of the special value types). */
    ObjectNode object(Message message) {
        Descriptor type = message.getDescriptorForType();
        ObjectNode json = NODES.objectNode();
        for (FieldDescriptor field : type.getFields()) {
            if (field.isMapField()) {
                List<?> entries = (List<?>) message.getField(field);
                if (!entries.isEmpty()) {
                    json.set(field.getName(), map(field, entries));
                }
            } else if (field.isRepeated()) {
                int count = message.getRepeatedFieldCount(field);
                if (count > 0) {
                    ArrayNode array = json.putArray(field.getName());
                    for (int i = 0; i < count; i++) {
                        array.add(value(field, message.getRepeatedField(field, i)));
                    }
                }
            } else if (message.hasField(field)) {
                Object value = message.getField(field);
                if (GoInlineFields.inline(type, field)) {
                    json.setAll(object((Message) value));
                } else if (!GoZeroValues.omitted(type, field, value)) {
                    json.set(field.getName(), value(field, value));
                }
            }
        }
        return json;
    }

    private ObjectNode map(FieldDescriptor field, List<?> entries) {
        Descriptor entryType = field.getMessageType();
        FieldDescriptor keyField = entryType.findFieldByName("key");
        FieldDescriptor valueField = entryType.findFieldByName("value");
        ObjectNode json = NODES.objectNode();
        for (Object entry : entries) {
            Message pair = (Message) entry;
            json.set(String.valueOf(pair.getField(keyField)), value(valueField, pair.getField(valueField)));
        }
        return json;
    }

    private JsonNode value(FieldDescriptor field, Object value) {
        return switch (field.getJavaType()) {
            case MESSAGE -> message((Message) value);
            case STRING -> NODES.textNode((String) value);
            case INT -> NODES.numberNode((Integer) value);
            case LONG -> NODES.numberNode((Long) value);
            case FLOAT -> NODES.numberNode((Float) value);
            case DOUBLE -> NODES.numberNode((Double) value);
            case BOOLEAN -> NODES.booleanNode((Boolean) value);
            case BYTE_STRING -> NODES.textNode(Base64.getEncoder().encodeToString(((ByteString) value).toByteArray()));
            case ENUM -> NODES.textNode(((EnumValueDescriptor) value).getName());
        };
    }

    private JsonNode message(Message message) {
        JsonNode specialForm = special.toJson(message);
        return specialForm != null ? specialForm : object(message);
    }
}
