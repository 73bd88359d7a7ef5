package io.quarkube.controllermanager.statefulset;

import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.api.model.apps.ControllerRevision;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSetStatus;
import io.quarkube.api.client.ApiException;
import io.quarkube.api.json.Json;
import io.quarkube.api.testing.MutableClock;
import io.quarkube.controllermanager.RecordedEvents;
import io.quarkube.controllermanager.MapLister;
import io.quarkube.controllermanager.controller.PodControl;
import io.quarkube.controllermanager.controller.Result;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An in-memory api-server for the StatefulSet sync: pod, claim and revision writes land in the caches the sync
 * reads (as if the informer were instantly up to date) and are logged in order ("pod+ web-0", "claim+ www-web-0",
 * "pod- web-2").
 */
final class StatefulHarness implements PodControl, ClaimControl, RevisionControl {
    static final String NS = "default";

    final MutableClock clock = new MutableClock(Instant.parse("2025-01-01T00:00:00Z"));
    final MapLister<StatefulSet> sets = new MapLister<>();
    final MapLister<Pod> pods = new MapLister<>();
    final MapLister<PersistentVolumeClaim> claims = new MapLister<>();
    final MapLister<ControllerRevision> revisions = new MapLister<>();
    final List<String> log = Collections.synchronizedList(new ArrayList<>());
    final RecordedEvents events = new RecordedEvents();
    private final AtomicInteger uids = new AtomicInteger();
    final AtomicInteger statusWrites = new AtomicInteger();

    final StatefulSetSync sync = new StatefulSetSync(sets, pods, this, new StatefulSetHistory(revisions, this),
            new StatefulSetControl(new StatefulPodControl(this, this, claims, events), Runnable::run, clock),
            set -> {
                statusWrites.incrementAndGet();
                sets.put(set);
                return set;
            });

    /** StatefulSet default/web: app=web, nginx:1.27, volumeClaimTemplate www (1Gi), serviceName nginx. */
    static StatefulSet set(int replicas) {
        return new StatefulSetBuilder()
                .withApiVersion("apps/v1").withKind("StatefulSet")
                .withNewMetadata().withNamespace(NS).withName("web").withUid("uid-web").withGeneration(1L)
                .withResourceVersion("1").endMetadata()
                .withNewSpec().withReplicas(replicas).withServiceName("nginx")
                .withPodManagementPolicy("OrderedReady").withRevisionHistoryLimit(10)
                .withNewUpdateStrategy().withType("RollingUpdate").withNewRollingUpdate().withPartition(0)
                .endRollingUpdate().endUpdateStrategy()
                .withSelector(new LabelSelectorBuilder().withMatchLabels(Map.of("app", "web")).build())
                .withNewTemplate().withNewMetadata().addToLabels("app", "web").endMetadata()
                .withNewSpec().addNewContainer().withName("nginx").withImage("nginx:1.27")
                .addNewVolumeMount().withName("www").withMountPath("/usr/share/nginx/html").endVolumeMount()
                .endContainer().endSpec().endTemplate()
                .addToVolumeClaimTemplates(new PersistentVolumeClaimBuilder().withNewMetadata().withName("www")
                        .endMetadata().withNewSpec().withAccessModes("ReadWriteOnce").withNewResources()
                        .addToRequests("storage", new Quantity("1Gi")).endResources().endSpec().build())
                .endSpec()
                .withStatus(new StatefulSetStatus())
                .build();
    }

    StatefulSet set() {
        return sets.get(NS, "web").orElseThrow();
    }

    /** A changed spec, as a client's update: a copy with the generation bumped. */
    StatefulSet edit(java.util.function.Consumer<StatefulSet> change) {
        StatefulSet copy = Json.copy(set(), StatefulSet.class);
        change.accept(copy);
        copy.getMetadata().setGeneration(copy.getMetadata().getGeneration() + 1);
        sets.put(copy);
        return copy;
    }

    Result sync() {
        return sync.sync(NS + "/web");
    }

    Pod pod(String name) {
        return pods.get(NS, name).orElse(null);
    }

    /** The kubelet's part: Running and Ready. */
    void ready(String... names) {
        for (String name : names) {
            Pod pod = pod(name);
            pod.getStatus().setPhase("Running");
            pod.getStatus().setConditions(new ArrayList<>(List.of(
                    new PodCondition(null, clock.instant().toString(), null, null, null, "True", "Ready"))));
        }
    }

    void phase(String name, String phase) {
        pod(name).getStatus().setPhase(phase);
    }

    /** Syncs and marks every created pod ready until a pass over all-ready pods changes nothing. */
    void settle() {
        for (int i = 0; i < 50; i++) {
            boolean allReady = pods.list(NS).stream().allMatch(StatefulPods::isRunningAndReady);
            int before = log.size() + statusWrites.get();
            sync();
            pods.list(NS).stream().filter(p -> !StatefulPods.isRunningAndReady(p))
                    .forEach(p -> ready(p.getMetadata().getName()));
            if (allReady && log.size() + statusWrites.get() == before) {
                return;
            }
        }
        throw new AssertionError("the StatefulSet did not settle: " + log);
    }

    List<String> podLog() {
        return log.stream().filter(l -> l.startsWith("pod")).toList();
    }

    @Override
    public Pod createPod(Pod pod) {
        if (pod(pod.getMetadata().getName()) != null) {
            throw conflict("AlreadyExists");
        }
        Pod stored = Json.copy(pod, Pod.class);
        stored.getMetadata().setUid("pod-uid-" + uids.incrementAndGet());
        stored.getMetadata().setCreationTimestamp(clock.instant().toString());
        stored.setStatus(new PodStatus());
        stored.getStatus().setPhase("Pending");
        pods.put(stored);
        log.add("pod+ " + pod.getMetadata().getName());
        return stored;
    }

    @Override
    public void deletePod(String namespace, String name, String uid) {
        Pod pod = pods.get(namespace, name).orElseThrow(() -> new ApiException(404, null, "not found"));
        if (!pod.getMetadata().getUid().equals(uid)) {
            throw conflict("Conflict");
        }
        pods.remove(pod);
        log.add("pod- " + name);
    }

    @Override
    public Pod updatePod(Pod pod) {
        pods.put(pod);
        log.add("pod~ " + pod.getMetadata().getName());
        return pod;
    }

    @Override
    public PersistentVolumeClaim create(PersistentVolumeClaim claim) {
        PersistentVolumeClaim stored = Json.copy(claim, PersistentVolumeClaim.class);
        stored.getMetadata().setUid("claim-uid-" + uids.incrementAndGet());
        claims.put(stored);
        log.add("claim+ " + claim.getMetadata().getName());
        return stored;
    }

    @Override
    public PersistentVolumeClaim update(PersistentVolumeClaim claim) {
        claims.put(claim);
        log.add("claim~ " + claim.getMetadata().getName());
        return claim;
    }

    @Override
    public ControllerRevision create(ControllerRevision revision) {
        if (revisions.get(NS, revision.getMetadata().getName()).isPresent()) {
            throw conflict("AlreadyExists");
        }
        ControllerRevision stored = Json.copy(revision, ControllerRevision.class);
        stored.getMetadata().setUid("rev-uid-" + uids.incrementAndGet());
        stored.getMetadata().setCreationTimestamp(clock.instant().toString());
        revisions.put(stored);
        log.add("revision+ " + revision.getMetadata().getName());
        return stored;
    }

    @Override
    public Optional<ControllerRevision> get(String namespace, String name) {
        return revisions.get(namespace, name);
    }

    @Override
    public ControllerRevision update(ControllerRevision revision) {
        revisions.put(revision);
        log.add("revision~ " + revision.getMetadata().getName());
        return revision;
    }

    @Override
    public void delete(String namespace, String name, String uid) {
        revisions.get(namespace, name).ifPresent(revisions::remove);
        log.add("revision- " + name);
    }

    private static ApiException conflict(String reason) {
        return new ApiException(409, new StatusBuilder().withCode(409).withReason(reason).build(), reason);
    }
}
