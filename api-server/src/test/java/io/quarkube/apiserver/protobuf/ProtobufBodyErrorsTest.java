package io.quarkube.apiserver.protobuf;

import com.google.protobuf.ByteString;
import io.kubernetes.client.proto.IntStr.IntOrString;
import io.kubernetes.client.proto.Meta;
import io.kubernetes.client.proto.Runtime;
import io.kubernetes.client.proto.V1;
import io.kubernetes.client.proto.V1Apps;
import io.quarkube.apiserver.errors.StatusException;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import static io.quarkube.apiserver.protobuf.ClientGoEnvelope.MAGIC;
import static io.quarkube.apiserver.protobuf.ClientGoEnvelope.goMeta;
import static io.quarkube.apiserver.protobuf.ClientGoEnvelope.wrap;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Whatever is wrong with a protobuf body, the client gets a 400 BadRequest Status that says what. */
class ProtobufBodyErrorsTest {

    private static String rejected(byte[] body) {
        StatusException e = assertThrows(StatusException.class, () -> ProtobufBodies.toJson(body));
        assertEquals(400, e.code());
        assertEquals("BadRequest", e.status().getReason());
        return e.getMessage();
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    @Test
    void emptyOrJsonBodyIsNotAProtobufEnvelope() {
        assertTrue(rejected(new byte[0]).contains("empty"));
        assertTrue(rejected("{\"kind\":\"Namespace\"}".getBytes(StandardCharsets.UTF_8)).contains("k8s\\x00"));
    }

    @Test
    void garbageAfterTheMagicIsACorruptEnvelope() {
        String message = rejected(concat(MAGIC, new byte[]{(byte) 0xff, (byte) 0xff, (byte) 0xff, 0x0f}));
        assertTrue(message.contains("runtime.Unknown"), message);
    }

    @Test
    void truncatedKubectlBodyIsRejected() throws IOException {
        byte[] captured = KubectlProtobufBodiesTest.resource("deployment-d.bin");
        String message = rejected(Arrays.copyOf(captured, 120));
        assertTrue(message.contains("could not be decoded"), message);
    }

    @Test
    void corruptObjectInsideAValidEnvelopeNamesTheKind() {
        String message = rejected(wrap("apps/v1", "Deployment",
                ByteString.copyFrom(new byte[]{0x0a, 0x7f, 0x01}), ""));
        assertTrue(message.contains("Deployment") && message.contains("could not be decoded"), message);
    }

    @Test
    void unknownKindOrVersionIsNamed() {
        byte[] namespace = V1.Namespace.newBuilder().setMetadata(goMeta("x")).build().toByteArray();
        assertEquals("no kind \"Widget\" is registered for version \"example.com/v1\" in the protobuf decoder; "
                        + "send the object as application/json",
                rejected(wrap("example.com/v1", "Widget", ByteString.copyFrom(namespace), "")));
        assertTrue(rejected(wrap("apps/v1", "Namespace", ByteString.copyFrom(namespace), ""))
                .contains("\"apps/v1\""));
    }

    @Test
    void embeddedObjectThatIsNotJsonIsRejected() {
        V1Apps.ControllerRevision revision = V1Apps.ControllerRevision.newBuilder().setMetadata(goMeta("r"))
                .setData(Runtime.RawExtension.newBuilder().setRaw(ByteString.copyFrom(MAGIC))).setRevision(1).build();
        assertTrue(rejected(wrap("apps/v1", "ControllerRevision", revision)).contains("not JSON"));
    }

    @Test
    void impossibleValuesOfTheSpecialTypesAreRejected() {
        V1.Pod badTime = V1.Pod.newBuilder().setMetadata(goMeta("p")
                .setCreationTimestamp(Meta.Time.newBuilder().setSeconds(Long.MAX_VALUE)))
                .build();
        assertTrue(rejected(wrap("v1", "Pod", badTime)).contains("out of range"));
        V1.Pod badPort = V1.Pod.newBuilder().setMetadata(goMeta("p")).setSpec(V1.PodSpec.newBuilder()
                .addContainers(V1.Container.newBuilder().setName("c").setReadinessProbe(V1.Probe.newBuilder()
                        .setHandler(V1.ProbeHandler.newBuilder().setTcpSocket(V1.TCPSocketAction.newBuilder()
                                .setPort(IntOrString.newBuilder().setType(7)))))))
                .build();
        assertTrue(rejected(wrap("v1", "Pod", badPort)).contains("impossible type 7"));
    }

    @Test
    void envelopeWithoutTypeOrWithAnEncodingIsRejected() {
        byte[] namespace = V1.Namespace.newBuilder().setMetadata(goMeta("x")).build().toByteArray();
        assertTrue(rejected(wrap("v1", "", ByteString.copyFrom(namespace), "")).contains("kind"));
        assertTrue(rejected(wrap("v1", "Namespace", ByteString.copyFrom(namespace), "gzip")).contains("gzip"));
    }
}
