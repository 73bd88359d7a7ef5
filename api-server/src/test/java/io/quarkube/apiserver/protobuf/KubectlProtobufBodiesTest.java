package io.quarkube.apiserver.protobuf;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkube.api.json.Json;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.io.InputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/**
 * Bodies recorded from the real kubectl v1.32 POSTing to a logging HTTP server ({@code kubectl create namespace x},
 * {@code create deployment d --image=nginx --replicas=2}, {@code create job j --image=busybox -- echo hi},
 * {@code create cronjob cj --image=busybox --schedule='*&#47;1 * * * *' -- date}) decode to exactly the JSON the same
 * commands print with {@code --dry-run=client -o json}, i.e. what kubectl would have sent as JSON.
 */
class KubectlProtobufBodiesTest {

    @ParameterizedTest
    @ValueSource(strings = {"namespace-x", "deployment-d", "job-j", "cronjob-cj"})
    void capturedKubectlBodyDecodesToTheJsonKubectlWouldSend(String capture) throws IOException {
        byte[] protobuf = resource(capture + ".bin");
        JsonNode expected = Json.MAPPER.readTree(resource(capture + ".json"));

        JsonNode decoded = Json.MAPPER.readTree(ProtobufBodies.toJson(protobuf));

        assertEquals(expected, decoded, "decoded " + capture + ": " + decoded);
    }

    static byte[] resource(String name) throws IOException {
        try (InputStream in = KubectlProtobufBodiesTest.class.getResourceAsStream("/protobuf/" + name)) {
            assertNotNull(in, "missing test resource /protobuf/" + name);
            return in.readAllBytes();
        }
    }
}
