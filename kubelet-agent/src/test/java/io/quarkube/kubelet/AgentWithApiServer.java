package io.quarkube.kubelet;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.quarkube.api.Resources;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Starts the in-memory api-server and a static pod directory holding the shared static-web example before the
 * agent boots, and points the agent at them. Kafka is unreachable: the agent must work from its own writes.
 */
public class AgentWithApiServer implements QuarkusTestResourceLifecycleManager {
    static final String STATIC_WEB = TestPods.STATIC_WEB;
    static InMemoryApiServer server;
    static Path manifests;

    @Override
    public Map<String, String> start() {
        try {
            server = new InMemoryApiServer();
            server.create(Resources.NAMESPACES, new NamespaceBuilder().withNewMetadata().withName("default")
                    .endMetadata().build());
            manifests = Files.createTempDirectory("quarkube-manifests");
            Files.writeString(manifests.resolve("static-web.yaml"), STATIC_WEB);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Map.of("quarkube.api-server.url", server.url(),
                "kafka.bootstrap.servers", "127.0.0.1:1",
                "quarkube.kubelet.static-pod-path", manifests.toString(),
                "quarkube.kubelet.static-pod-check-interval", "300ms",
                "quarkube.kubelet.node-count", "2");
    }

    @Override
    public void stop() {
        if (server != null) {
            server.close();
        }
    }
}
