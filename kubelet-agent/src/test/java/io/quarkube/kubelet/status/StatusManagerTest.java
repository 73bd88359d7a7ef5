package io.quarkube.kubelet.status;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.quarkube.api.client.ApiClient;
import io.quarkube.api.json.Json;
import io.quarkube.kubelet.FakeApiServer;
import io.quarkube.kubelet.TestPods;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The status manager against a scripted api-server, through the real ApiClient. */
class StatusManagerTest {
    private final FakeApiServer server;
    private final StatusManager manager;
    private final Pod pod = new PodBuilder(TestPods.pod("web", "Always", TestPods.image("nginx")).build())
            .editStatus().addNewCondition().withType("PodScheduled").withStatus("True").endCondition().endStatus()
            .build();
    private Optional<Pod> cached = Optional.of(pod);

    StatusManagerTest() throws Exception {
        server = new FakeApiServer();
        manager = new StatusManager(new ApiClient(server.url(), ""), (ns, name) -> cached);
    }

    @AfterEach
    void tearDown() {
        server.close();
    }

    @Test
    void writesTheStatusKeepingPodScheduledAndRetriesAConflictOnAFreshCopy() {
        Pod fresh = new PodBuilder(pod).editMetadata().withResourceVersion("5").endMetadata().build();
        server.answer(409, "{\"kind\":\"Status\",\"code\":409,\"reason\":\"Conflict\"}")
                .answer(200, Json.writeString(fresh))
                .answer(200, Json.writeString(fresh));

        manager.setPodStatus(pod, running());

        assertTrue(manager.syncAll());
        assertEquals(List.of("PUT", "GET", "PUT"), server.requests.stream().map(FakeApiServer.Request::method).toList());
        assertEquals("/api/v1/namespaces/default/pods/web/status", server.requests.get(0).path());
        Pod sent = Json.read(server.requests.get(2).body().getBytes(), Pod.class);
        assertEquals("5", sent.getMetadata().getResourceVersion());
        assertEquals("Running", sent.getStatus().getPhase());
        assertEquals(1, sent.getStatus().getConditions().stream().filter(c -> c.getType().equals("PodScheduled")).count());
        assertEquals(0, manager.pending());
    }

    @Test
    void equalStatusesAreCoalescedAndNotSentTwice() {
        Pod written = new PodBuilder(pod).editMetadata().withResourceVersion("2").endMetadata()
                .withStatus(StatusMerge.merge(pod.getStatus(), running())).build();
        server.answer(200, Json.writeString(written));

        manager.setPodStatus(pod, running());
        manager.setPodStatus(pod, running());
        manager.syncAll();
        cached = Optional.of(written);
        manager.setPodStatus(pod, running());
        manager.syncAll();

        assertEquals(1, server.requests.size());
    }

    @Test
    void aPodGoneFromTheApiIsDropped() {
        server.answer(404, "{\"kind\":\"Status\",\"code\":404,\"reason\":\"NotFound\"}");

        manager.setPodStatus(pod, running());

        assertTrue(manager.syncAll());
        assertEquals(0, manager.pending());
        assertTrue(manager.getPodStatus(pod.getMetadata().getUid()).isEmpty());
    }

    @Test
    void serverErrorsAreRetriedOnTheNextPass() {
        server.answer(503, "{\"kind\":\"Status\",\"code\":503}").answer(200, Json.writeString(pod));

        manager.setPodStatus(pod, running());

        assertEquals(false, manager.syncAll());
        assertEquals(1, manager.pending());
        assertTrue(manager.syncAll());
        assertEquals(0, manager.pending());
    }

    @Test
    void terminationConfirmsTheDeletionWithTheUidPrecondition() {
        server.answer(200, "{\"kind\":\"Status\",\"status\":\"Success\"}");

        manager.podTerminated(pod, true);

        assertTrue(manager.syncAll());
        FakeApiServer.Request delete = server.requests.get(0);
        assertEquals("DELETE", delete.method());
        assertEquals("/api/v1/namespaces/default/pods/web", delete.path());
        assertTrue(delete.body().contains(pod.getMetadata().getUid()), delete.body());
        assertEquals(0, manager.pending());
    }

    @Test
    void terminationOfAPodAlreadyGoneSendsNothing() {
        manager.podTerminated(pod, false);

        assertTrue(manager.syncAll());
        assertTrue(server.requests.isEmpty());
    }

    private PodStatus running() {
        Instant t = Instant.parse("2030-01-01T00:00:00Z");
        return PodStatuses.build(pod.getSpec(), List.of(), List.of(PodPhasesTest.running("nginx")), true,
                "127.0.0.1", "10.244.1.2", t, t);
    }
}
