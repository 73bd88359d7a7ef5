package io.quarkube.apiserver.protobuf;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.DynamicMessage;
import com.google.protobuf.InvalidProtocolBufferException;
import io.quarkube.api.json.Json;
import io.quarkube.apiserver.errors.StatusException;

/**
 * Turns a Kubernetes protobuf request body into the JSON the same client would have sent, so the rest of the
 * api-server only ever parses JSON. kubectl's typed clients ({@code create deployment|namespace|job|cronjob} and
 * the other {@code create} generators) send only protobuf and have no fallback. Every failure is a 400 BadRequest
 * naming the cause.
 */
public final class ProtobufBodies {
    public static final String MEDIA_TYPE = "application/vnd.kubernetes.protobuf";

    private ProtobufBodies() {
    }

    /** True for {@code application/vnd.kubernetes.protobuf}, with or without parameters. */
    public static boolean isProtobuf(String contentType) {
        if (contentType == null) {
            return false;
        }
        int semicolon = contentType.indexOf(';');
        String mediaType = (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).trim();
        return mediaType.equalsIgnoreCase(MEDIA_TYPE);
    }

    /** The enveloped object as Kubernetes JSON bytes, with {@code apiVersion} and {@code kind} from the envelope. */
    public static byte[] toJson(byte[] body) {
        return Json.write(toTree(body));
    }

    private static ObjectNode toTree(byte[] body) {
        KubernetesEnvelope envelope = KubernetesEnvelope.read(body);
        DynamicMessage message = parse(envelope);
        ObjectNode json = Json.MAPPER.createObjectNode();
        json.put("kind", envelope.kind());
        json.put("apiVersion", envelope.apiVersion());
        json.setAll(new MessageJson().object(message));
        return json;
    }

    private static DynamicMessage parse(KubernetesEnvelope envelope) {
        var descriptor = ProtobufKinds.instance().find(envelope.apiVersion(), envelope.kind())
                .orElseThrow(() -> StatusException.badRequest("no kind \"" + envelope.kind()
                        + "\" is registered for version \"" + envelope.apiVersion()
                        + "\" in the protobuf decoder; send the object as application/json"));
        try {
            return DynamicMessage.parseFrom(descriptor, envelope.raw());
        } catch (InvalidProtocolBufferException e) {
            throw StatusException.badRequest("the protobuf body of the " + envelope.kind()
                    + " could not be decoded: " + e.getMessage());
        }
    }
}
