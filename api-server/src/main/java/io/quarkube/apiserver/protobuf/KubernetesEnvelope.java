package io.quarkube.apiserver.protobuf;

import com.google.protobuf.InvalidProtocolBufferException;
import io.kubernetes.client.proto.Runtime;
import io.quarkube.apiserver.errors.StatusException;

/**
 * The wrapper client-go puts around every protobuf object (apimachinery
 * {@code pkg/runtime/serializer/protobuf/protobuf.go}): the magic {@code k8s\0}, then a {@code runtime.Unknown}
 * whose typeMeta names the object and whose raw bytes are the object's own message.
 */
record KubernetesEnvelope(String apiVersion, String kind, byte[] raw) {
    private static final byte[] MAGIC = {0x6b, 0x38, 0x73, 0x00};

    private static boolean hasMagic(byte[] body) {
        if (body == null || body.length < MAGIC.length) {
            return false;
        }
        for (int i = 0; i < MAGIC.length; i++) {
            if (body[i] != MAGIC[i]) {
                return false;
            }
        }
        return true;
    }

    static KubernetesEnvelope read(byte[] body) {
        if (body == null || body.length == 0) {
            throw StatusException.badRequest("the request body is empty; it must be a Kubernetes protobuf object");
        }
        if (!hasMagic(body)) {
            throw StatusException.badRequest("the protobuf body does not start with the Kubernetes envelope "
                    + "prefix \"k8s\\x00\"");
        }
        Runtime.Unknown unknown;
        try {
            unknown = Runtime.Unknown.parseFrom(java.nio.ByteBuffer.wrap(body, MAGIC.length,
                    body.length - MAGIC.length));
        } catch (InvalidProtocolBufferException e) {
            throw StatusException.badRequest("the protobuf envelope (runtime.Unknown) could not be decoded: "
                    + e.getMessage());
        }
        String apiVersion = unknown.getTypeMeta().getApiVersion();
        String kind = unknown.getTypeMeta().getKind();
        if (kind.isEmpty() || apiVersion.isEmpty()) {
            throw StatusException.badRequest("the protobuf envelope does not name the object's apiVersion and kind "
                    + "(got apiVersion \"" + apiVersion + "\", kind \"" + kind + "\")");
        }
        if (!unknown.getContentEncoding().isEmpty()) {
            throw StatusException.badRequest("the protobuf envelope's content encoding \""
                    + unknown.getContentEncoding() + "\" is not supported");
        }
        String contentType = unknown.getContentType();
        if (!contentType.isEmpty() && !ProtobufBodies.isProtobuf(contentType)) {
            throw StatusException.badRequest("the protobuf envelope carries content type \"" + contentType
                    + "\"; only " + ProtobufBodies.MEDIA_TYPE + " is supported");
        }
        return new KubernetesEnvelope(apiVersion, kind, unknown.getRaw().toByteArray());
    }
}
