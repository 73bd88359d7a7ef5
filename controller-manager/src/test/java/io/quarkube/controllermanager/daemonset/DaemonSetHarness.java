package io.quarkube.controllermanager.daemonset;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.ControllerRevision;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.quarkube.api.client.ApiException;
import io.quarkube.api.json.Json;
import io.quarkube.api.testing.MutableClock;
import io.quarkube.controllermanager.RecordedEvents;
import io.quarkube.controllermanager.MapLister;
import io.quarkube.controllermanager.RecordingEnqueuer;
import io.quarkube.controllermanager.controller.Expectations;
import io.quarkube.controllermanager.controller.FakePodControl;
import io.quarkube.controllermanager.controller.Result;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The DaemonSet sync over in-memory caches and recording fakes; {@link #observe()} plays the informer: created
 * pods, revisions and status writes appear in the caches, deleted pods leave them, the handlers see each change.
 */
final class DaemonSetHarness {
    static final String KEY = "default/agent";

    final MutableClock clock = new MutableClock(Instant.parse("2025-01-01T00:10:00Z"));
    final MapLister<DaemonSet> daemonSets = new MapLister<>();
    final MapLister<Pod> pods = new MapLister<>();
    final MapLister<Node> nodes = new MapLister<>();
    final MapLister<ControllerRevision> revisions = new MapLister<>();
    final FakePodControl podControl = new FakePodControl();
    final Expectations expectations = new Expectations(clock, Duration.ofMinutes(5));
    final RecordedEvents events = new RecordedEvents();
    final List<DaemonSet> statusWrites = new ArrayList<>();
    final RecordingEnqueuer queue = new RecordingEnqueuer();
    final DaemonSetController handlers = new DaemonSetController(daemonSets,
            () -> daemonSets.list(DaemonSetFixtures.NS), expectations, queue);
    private final AtomicInteger names = new AtomicInteger();
    private int createdSeen;
    private int deletedSeen;

    final DaemonSetWrites writes = new DaemonSetWrites() {
        @Override
        public DaemonSet updateStatus(DaemonSet ds) {
            statusWrites.add(ds);
            daemonSets.put(ds);
            return ds;
        }

        @Override
        public Optional<DaemonSet> getDaemonSet(String namespace, String name) {
            return daemonSets.get(namespace, name);
        }

        @Override
        public ControllerRevision createRevision(ControllerRevision revision) {
            if (revisions.get(revision.getMetadata().getNamespace(), revision.getMetadata().getName()).isPresent()) {
                throw new ApiException(409, null, "already exists");
            }
            ControllerRevision stored = Json.copy(revision, ControllerRevision.class);
            stored.getMetadata().setUid(UUID.randomUUID().toString());
            revisions.put(stored);
            return stored;
        }

        @Override
        public ControllerRevision updateRevision(ControllerRevision revision) {
            revisions.put(revision);
            return revision;
        }

        @Override
        public void deleteRevision(String namespace, String name, String uid) {
            revisions.get(namespace, name).ifPresent(revisions::remove);
        }

        @Override
        public Optional<ControllerRevision> getRevision(String namespace, String name) {
            return revisions.get(namespace, name);
        }
    };

    final DaemonSetSync sync = new DaemonSetSync(daemonSets, pods, nodes, new DaemonSetHistory(revisions, writes),
            podControl, writes, new DaemonPodWrites(podControl, expectations, Runnable::run, 500), expectations,
            events, clock, new FailedPodBackoff());

    Result sync() {
        return sync.sync(KEY);
    }

    /** Created pods enter the cache (named, bound to their node as the scheduler would), deleted ones leave. */
    void observe() {
        List<Pod> created = podControl.created;
        while (createdSeen < created.size()) {
            Pod pod = Json.copy(created.get(createdSeen++), Pod.class);
            pod.getMetadata().setName(pod.getMetadata().getGenerateName() + names.incrementAndGet());
            pod.getMetadata().setUid(UUID.randomUUID().toString());
            pod.getMetadata().setCreationTimestamp(Json.formatTime(clock.instant()));
            pod.getMetadata().setResourceVersion("1");
            pod.getSpec().setNodeName(DaemonPods.targetNodeName(pod).orElseThrow());
            pods.put(pod);
            handlers.podHandler().onAdd(pod);
        }
        List<String> deleted = podControl.deleted;
        while (deletedSeen < deleted.size()) {
            String ref = deleted.get(deletedSeen++);
            String name = ref.substring(ref.indexOf('/') + 1, ref.indexOf('@'));
            pods.get(DaemonSetFixtures.NS, name).ifPresent(p -> {
                pods.remove(p);
                handlers.podHandler().onDelete(p);
            });
        }
    }

    List<Pod> podsOn(String node) {
        return pods.list(DaemonSetFixtures.NS).stream().filter(p -> node.equals(p.getSpec().getNodeName())).toList();
    }

    DaemonSet current() {
        return daemonSets.get(DaemonSetFixtures.NS, "agent").orElseThrow();
    }

    /** Marks every cached pod Ready since {@code since}. */
    void allReady(String since) {
        for (Pod pod : pods.list(DaemonSetFixtures.NS)) {
            Pod copy = Json.copy(pod, Pod.class);
            if (copy.getStatus() == null) {
                copy.setStatus(new io.fabric8.kubernetes.api.model.PodStatus());
            }
            copy.getStatus().setPhase("Running");
            copy.getStatus().getConditions().removeIf(c -> "Ready".equals(c.getType()));
            copy.getStatus().getConditions().add(new io.fabric8.kubernetes.api.model.PodConditionBuilder()
                    .withType("Ready").withStatus("True").withLastTransitionTime(since).build());
            pods.put(copy);
        }
    }
}
