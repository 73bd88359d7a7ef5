package io.quarkube.controllermanager.deployment;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetStatus;
import io.quarkube.api.json.Json;
import io.quarkube.api.testing.MutableClock;
import io.quarkube.controllermanager.RecordedEvents;
import io.quarkube.controllermanager.MapLister;
import io.quarkube.controllermanager.controller.ControllerRefs;
import io.quarkube.controllermanager.controller.PodUtil;
import io.quarkube.controllermanager.controller.Result;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The Deployment sync over in-memory caches, plus a minimal ReplicaSet controller and kubelet to play the rest
 * of the cluster step by step: create or delete one pod, make one pod ready, remove a terminating one, write a
 * ReplicaSet's status — so tests can interleave them as they like and check the pods after every step.
 */
final class DeploymentHarness {
    static final String NS = "default";

    final MutableClock clock = new MutableClock(Instant.parse("2025-01-01T00:00:00Z"));
    final MapLister<Deployment> deployments = new MapLister<>();
    final MapLister<ReplicaSet> replicaSets = new MapLister<>();
    final MapLister<Pod> pods = new MapLister<>();
    final FakeDeploymentClient client = new FakeDeploymentClient(deployments, replicaSets, clock);
    final RecordedEvents events = new RecordedEvents();
    final DeploymentSync sync = new DeploymentSync(deployments, replicaSets, pods, client, events, clock);
    private int podNames;

    static Deployment deployment(String name, int replicas, String maxSurge, String maxUnavailable, String image) {
        return new DeploymentBuilder().withApiVersion("apps/v1").withKind("Deployment")
                .withNewMetadata().withNamespace(NS).withName(name).withUid("uid-" + name).withGeneration(1L)
                .withResourceVersion("1").endMetadata()
                .withNewSpec().withReplicas(replicas)
                .withSelector(new LabelSelectorBuilder().withMatchLabels(Map.of("app", name)).build())
                .withNewStrategy().withType("RollingUpdate").withNewRollingUpdate()
                .withMaxSurge(intOrPercent(maxSurge)).withMaxUnavailable(intOrPercent(maxUnavailable))
                .endRollingUpdate().endStrategy()
                .withRevisionHistoryLimit(10).withProgressDeadlineSeconds(600)
                .withNewTemplate().withNewMetadata().addToLabels("app", name).endMetadata()
                .withNewSpec().addNewContainer().withName("web").withImage(image).endContainer().endSpec()
                .endTemplate().endSpec()
                .withNewStatus().endStatus()
                .build();
    }

    static IntOrString intOrPercent(String value) {
        return value.endsWith("%") ? new IntOrString(value) : new IntOrString(Integer.parseInt(value));
    }

    Deployment create(Deployment d) {
        deployments.put(d);
        return d;
    }

    Result sync(String name) {
        return sync.sync(NS + "/" + name);
    }

    Deployment get(String name) {
        return deployments.get(NS, name).orElseThrow();
    }

    /** A user's edit of the Deployment (spec changes bump the generation). */
    Deployment edit(String name, java.util.function.Consumer<Deployment> change) {
        Deployment copy = Json.copy(get(name), Deployment.class);
        change.accept(copy);
        return client.userUpdate(copy);
    }

    void setImage(String name, String image) {
        edit(name, d -> d.getSpec().getTemplate().getSpec().getContainers().get(0).setImage(image));
    }

    /** The Deployment's ReplicaSets, oldest first. */
    List<ReplicaSet> replicaSetsOf(String name) {
        return replicaSets.list(NS).stream().filter(rs -> ControllerRefs.controllerOf(rs) != null
                        && ("uid-" + name).equals(ControllerRefs.controllerOf(rs).getUid()))
                .sorted(Replicas.BY_CREATION).toList();
    }

    List<Pod> podsOf(ReplicaSet rs) {
        return pods.list(NS).stream().filter(p -> ControllerRefs.isControlledBy(p, rs)).toList();
    }

    /** One step of the ReplicaSet controller: create or delete one pod towards spec.replicas. */
    boolean reconcileOne(ReplicaSet rs) {
        List<Pod> active = podsOf(rs).stream().filter(PodUtil::isActive).toList();
        int spec = Replicas.of(rs);
        if (active.size() < spec) {
            String name = rs.getMetadata().getName() + "-" + (podNames++);
            Pod pod = new PodBuilder().withNewMetadata().withNamespace(NS).withName(name).withUid("uid-" + name)
                    .withLabels(rs.getSpec().getTemplate().getMetadata().getLabels())
                    .withCreationTimestamp(Json.formatTime(clock.instant())).endMetadata()
                    .withNewSpec().withContainers(rs.getSpec().getTemplate().getSpec().getContainers()).endSpec()
                    .withNewStatus().withPhase("Pending").endStatus().build();
            pod.getMetadata().setOwnerReferences(new ArrayList<>(List.of(
                    ControllerRefs.newControllerRef(rs, "apps/v1", "ReplicaSet"))));
            pods.put(pod);
            return true;
        }
        if (active.size() > spec) {
            Pod victim = active.stream().sorted(Comparator.comparing(PodUtil::isReady)
                    .thenComparing((Pod p) -> p.getMetadata().getName(), Comparator.reverseOrder())).findFirst().get();
            Pod terminating = Json.copy(victim, Pod.class);
            terminating.getMetadata().setDeletionTimestamp(Json.formatTime(clock.instant()));
            pods.put(terminating);
            return true;
        }
        return false;
    }

    /** The kubelet: the pod is Running and Ready. */
    void makeReady(Pod pod) {
        Pod copy = Json.copy(pod, Pod.class);
        copy.getStatus().setPhase("Running");
        copy.getStatus().setConditions(new ArrayList<>(List.of(new PodCondition(null,
                Json.formatTime(clock.instant()), null, null, null, "True", "Ready"))));
        pods.put(copy);
    }

    /** The ReplicaSet controller's status write from the pods it has now. */
    void writeStatus(ReplicaSet rs) {
        ReplicaSet current = replicaSets.get(NS, rs.getMetadata().getName()).orElse(null);
        if (current == null) {
            return;
        }
        List<Pod> active = podsOf(current).stream().filter(PodUtil::isActive).toList();
        ReplicaSetStatus status = new ReplicaSetStatus();
        status.setReplicas(active.size());
        status.setReadyReplicas((int) active.stream().filter(PodUtil::isReady).count());
        status.setAvailableReplicas((int) active.stream().filter(PodUtil::isReady).count());
        status.setObservedGeneration(current.getMetadata().getGeneration());
        client.replicaSetStatus(current, status);
    }

    /** Lets everything catch up: pods created/deleted, ready, terminated, statuses written, Deployment synced. */
    void settle(String name) {
        for (int round = 0; round < 100; round++) {
            boolean changed = false;
            for (ReplicaSet rs : replicaSetsOf(name)) {
                while (reconcileOne(replicaSets.get(NS, rs.getMetadata().getName()).orElseThrow())) {
                    changed = true;
                }
            }
            for (Pod pod : pods.list(NS)) {
                if (pod.getMetadata().getDeletionTimestamp() != null) {
                    pods.remove(pod);
                    changed = true;
                } else if (!PodUtil.isReady(pod)) {
                    makeReady(pod);
                    changed = true;
                }
            }
            replicaSetsOf(name).forEach(this::writeStatus);
            String before = Json.writeString(get(name)) + replicaSetsOf(name).stream().map(Json::writeString).toList();
            sync(name);
            String after = Json.writeString(get(name)) + replicaSetsOf(name).stream().map(Json::writeString).toList();
            if (!changed && before.equals(after)) {
                return;
            }
        }
        throw new AssertionError("the Deployment never settled: " + client.writes);
    }

    /** Pods of the Deployment that are neither finished nor terminating. */
    long activePods(String name) {
        return replicaSetsOf(name).stream().flatMap(rs -> podsOf(rs).stream()).filter(PodUtil::isActive).count();
    }

    long availablePods(String name) {
        return replicaSetsOf(name).stream().flatMap(rs -> podsOf(rs).stream())
                .filter(PodUtil::isActive).filter(PodUtil::isReady).count();
    }

    static String annotation(HasMetadata object, String key) {
        return object.getMetadata().getAnnotations() == null ? null : object.getMetadata().getAnnotations().get(key);
    }

    static String image(ReplicaSet rs) {
        return rs.getSpec().getTemplate().getSpec().getContainers().get(0).getImage();
    }

    static boolean same(Object a, Object b) {
        return Objects.equals(a, b);
    }
}
