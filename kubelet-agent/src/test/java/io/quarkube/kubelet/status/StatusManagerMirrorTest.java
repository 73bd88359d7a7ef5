package io.quarkube.kubelet.status;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.quarkube.api.client.ApiClient;
import io.quarkube.api.json.Json;
import io.quarkube.kubelet.FakeApiServer;
import io.quarkube.kubelet.TestPods;
import io.quarkube.kubelet.staticpods.ConfigAnnotations;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A static pod's status goes to its mirror pod: same namespace/name, mirror annotation = the static pod's hash. */
class StatusManagerMirrorTest {
    private static final String HASH = "0123456789abcdef0123456789abcdef";
    private final FakeApiServer server;
    private final StatusManager manager;
    private final Pod staticPod = new PodBuilder(TestPods.pod("web-node-1", "Always", TestPods.image("nginx")).build())
            .editMetadata().withUid(HASH).addToAnnotations(ConfigAnnotations.SOURCE, "file")
            .addToAnnotations(ConfigAnnotations.HASH, HASH).endMetadata().build();
    private Optional<Pod> cached = Optional.empty();

    StatusManagerMirrorTest() throws Exception {
        server = new FakeApiServer();
        manager = new StatusManager(new ApiClient(server.url(), ""), (ns, name) -> cached);
    }

    @AfterEach
    void tearDown() {
        server.close();
    }

    private Pod mirror(String hash, String uid) {
        return new PodBuilder(staticPod).editMetadata().withUid(uid).withResourceVersion("9")
                .addToAnnotations(ConfigAnnotations.MIRROR, hash).endMetadata().build();
    }

    @Test
    void theStatusIsWrittenToTheMirrorPodWithTheStaticPodsHash() {
        cached = Optional.of(mirror(HASH, "mirror-uid"));
        server.answer(200, Json.writeString(mirror(HASH, "mirror-uid")));

        manager.setPodStatus(staticPod, running());

        assertTrue(manager.syncAll());
        assertEquals(1, server.requests.size());
        assertEquals("/api/v1/namespaces/default/pods/web-node-1/status", server.requests.get(0).path());
        Pod sent = Json.read(server.requests.get(0).body().getBytes(), Pod.class);
        assertEquals("mirror-uid", sent.getMetadata().getUid());
        assertEquals("Running", sent.getStatus().getPhase());
    }

    @Test
    void withoutAMirrorTheStatusWaitsAndIsSentOnceTheMirrorIsCreated() {
        cached = Optional.of(mirror("an-older-hash", "stale-mirror")); // mirrors an older manifest: not ours
        server.answer(200, Json.writeString(mirror("an-older-hash", "stale-mirror")));

        manager.setPodStatus(staticPod, running());

        assertTrue(manager.syncAll());
        assertEquals(List.of("GET"), server.requests.stream().map(FakeApiServer.Request::method).toList());
        assertEquals(0, manager.pending(), "no retry loop while there is no mirror");
        assertTrue(manager.getPodStatus(HASH).isPresent(), "the static pod still runs: its status is kept");
        manager.syncAll();
        assertEquals(1, server.requests.size());

        cached = Optional.of(mirror(HASH, "new-mirror"));
        server.answer(200, Json.writeString(mirror(HASH, "new-mirror")));
        manager.mirrorCreated(HASH, "new-mirror");

        assertEquals(1, manager.pending());
        assertTrue(manager.syncAll());
        assertEquals("PUT", server.requests.get(1).method());
        assertEquals("new-mirror", Json.read(server.requests.get(1).body().getBytes(), Pod.class).getMetadata().getUid());
    }

    @Test
    void aRecreatedMirrorGetsTheStatusEvenWhileTheInformerStillHoldsTheOldOneWithThatStatus() {
        Pod old = new PodBuilder(mirror(HASH, "old-mirror")).withStatus(StatusMerge.merge(staticPod.getStatus(),
                running())).build();
        cached = Optional.of(old);
        manager.setPodStatus(staticPod, running());
        manager.syncAll();
        assertEquals(0, server.requests.size(), "the old mirror already shows it");

        // the old mirror was deleted through the API and created again; the informer has not caught up
        Pod fresh = new PodBuilder(mirror(HASH, "new-mirror")).editMetadata().withResourceVersion("12").endMetadata()
                .withNewStatus().withPhase("Pending").endStatus().build();
        server.answer(200, Json.writeString(fresh)).answer(200, Json.writeString(fresh));
        manager.mirrorCreated(HASH, "new-mirror");

        assertTrue(manager.syncAll());
        assertEquals(List.of("GET", "PUT"), server.requests.stream().map(FakeApiServer.Request::method).toList());
        Pod sent = Json.read(server.requests.get(1).body().getBytes(), Pod.class);
        assertEquals("new-mirror", sent.getMetadata().getUid());
        assertEquals("Running", sent.getStatus().getPhase());
    }

    private PodStatus running() {
        Instant t = Instant.parse("2030-01-01T00:00:00Z");
        return PodStatuses.build(staticPod.getSpec(), List.of(), List.of(PodPhasesTest.running("nginx")), true,
                "127.0.0.1", "10.244.1.2", t, t);
    }
}
