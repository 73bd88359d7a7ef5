package io.quarkube.apiserver.protobuf;

import com.google.protobuf.ByteString;
import com.google.protobuf.Message;
import io.kubernetes.client.proto.Meta;
import io.kubernetes.client.proto.Runtime;

import java.io.ByteArrayOutputStream;

/** Wraps a message the way client-go's protobuf serializer does: "k8s\0" + runtime.Unknown{typeMeta, raw, "", ""}. */
final class ClientGoEnvelope {
    static final byte[] MAGIC = {0x6b, 0x38, 0x73, 0x00};

    private ClientGoEnvelope() {
    }

    static byte[] wrap(String apiVersion, String kind, Message object) {
        return wrap(apiVersion, kind, object.toByteString(), "");
    }

    static byte[] wrap(String apiVersion, String kind, ByteString raw, String contentEncoding) {
        Runtime.Unknown unknown = Runtime.Unknown.newBuilder()
                .setTypeMeta(Runtime.TypeMeta.newBuilder().setApiVersion(apiVersion).setKind(kind))
                .setRaw(raw).setContentEncoding(contentEncoding).setContentType("").build();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(MAGIC);
        out.writeBytes(unknown.toByteArray());
        return out.toByteArray();
    }

    /** What Go writes for ObjectMeta fields that are plain values: empty strings, zero generation, zero time. */
    static Meta.ObjectMeta.Builder goMeta(String name) {
        return Meta.ObjectMeta.newBuilder().setName(name).setGenerateName("").setNamespace("").setSelfLink("")
                .setUid("").setResourceVersion("").setGeneration(0)
                .setCreationTimestamp(Meta.Time.getDefaultInstance());
    }
}
