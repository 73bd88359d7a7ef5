package io.quarkube.controllermanager.deployment;

import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetStatus;
import io.quarkube.api.client.ApiException;
import io.quarkube.api.json.Json;
import io.quarkube.controllermanager.MapLister;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * An api-server in memory: writes go straight into the MapListers the sync reads (a cache that never lags),
 * with resourceVersion checks (409), AlreadyExists, UID, creationTimestamp and generation as the server sets them.
 */
final class FakeDeploymentClient implements DeploymentClient {
    final List<String> writes = new ArrayList<>();
    final List<String> deletedReplicaSets = new ArrayList<>();
    private final MapLister<Deployment> deployments;
    private final MapLister<ReplicaSet> replicaSets;
    private final Clock clock;
    private int resourceVersion = 1000;
    private int created;

    FakeDeploymentClient(MapLister<Deployment> deployments, MapLister<ReplicaSet> replicaSets, Clock clock) {
        this.deployments = deployments;
        this.replicaSets = replicaSets;
        this.clock = clock;
    }

    @Override
    public ReplicaSet createReplicaSet(ReplicaSet rs) {
        String ns = rs.getMetadata().getNamespace();
        if (replicaSets.get(ns, rs.getMetadata().getName()).isPresent()) {
            throw new ApiException(409, new StatusBuilder().withReason("AlreadyExists").withCode(409).build(),
                    "replicasets \"" + rs.getMetadata().getName() + "\" already exists");
        }
        ReplicaSet stored = Json.copy(rs, ReplicaSet.class);
        stored.getMetadata().setUid("uid-" + rs.getMetadata().getName());
        stored.getMetadata().setGeneration(1L);
        // creations one second apart, so "oldest first" orders are well defined
        stored.getMetadata().setCreationTimestamp(Json.formatTime(clock.instant().plus(Duration.ofSeconds(created++))));
        stored.setStatus(new ReplicaSetStatus());
        stored.getMetadata().setResourceVersion(Integer.toString(++resourceVersion));
        replicaSets.put(stored);
        writes.add("create rs " + rs.getMetadata().getName() + " replicas=" + rs.getSpec().getReplicas());
        return Json.copy(stored, ReplicaSet.class);
    }

    @Override
    public ReplicaSet updateReplicaSet(ReplicaSet rs) {
        ReplicaSet current = replicaSets.get(rs.getMetadata().getNamespace(), rs.getMetadata().getName())
                .orElseThrow(() -> new ApiException(404, null, "not found"));
        checkVersion(current.getMetadata().getResourceVersion(), rs.getMetadata().getResourceVersion());
        ReplicaSet stored = Json.copy(rs, ReplicaSet.class);
        stored.setStatus(current.getStatus());
        long generation = current.getMetadata().getGeneration();
        if (!Templates.semanticEquals(current.getSpec(), rs.getSpec())) {
            generation++;
        }
        stored.getMetadata().setGeneration(generation);
        stored.getMetadata().setResourceVersion(Integer.toString(++resourceVersion));
        replicaSets.put(stored);
        writes.add("update rs " + rs.getMetadata().getName() + " replicas=" + rs.getSpec().getReplicas());
        return Json.copy(stored, ReplicaSet.class);
    }

    @Override
    public void deleteReplicaSet(String namespace, String name, String uid) {
        ReplicaSet current = replicaSets.get(namespace, name).orElseThrow(() -> new ApiException(404, null, "gone"));
        if (!Objects.equals(uid, current.getMetadata().getUid())) {
            throw new ApiException(409, null, "uid precondition");
        }
        replicaSets.remove(current);
        deletedReplicaSets.add(name);
        writes.add("delete rs " + name);
    }

    @Override
    public Deployment updateDeployment(Deployment d) {
        Deployment current = current(d);
        checkVersion(current.getMetadata().getResourceVersion(), d.getMetadata().getResourceVersion());
        Deployment stored = Json.copy(d, Deployment.class);
        stored.setStatus(current.getStatus());
        stored.getMetadata().setResourceVersion(Integer.toString(++resourceVersion));
        deployments.put(stored);
        writes.add("update deployment");
        return Json.copy(stored, Deployment.class);
    }

    @Override
    public Deployment updateDeploymentStatus(Deployment d) {
        Deployment current = current(d);
        checkVersion(current.getMetadata().getResourceVersion(), d.getMetadata().getResourceVersion());
        Deployment stored = Json.copy(current, Deployment.class);
        stored.setStatus(Json.copy(d.getStatus(), io.fabric8.kubernetes.api.model.apps.DeploymentStatus.class));
        stored.getMetadata().setResourceVersion(Integer.toString(++resourceVersion));
        deployments.put(stored);
        writes.add("update deployment status");
        return Json.copy(stored, Deployment.class);
    }

    @Override
    public Optional<Deployment> getDeployment(String namespace, String name) {
        return deployments.get(namespace, name).map(d -> Json.copy(d, Deployment.class));
    }

    /** A user's write (kubectl edit / set image / rollout undo): a spec change bumps the generation. */
    Deployment userUpdate(Deployment d) {
        Deployment current = current(d);
        Deployment stored = Json.copy(d, Deployment.class);
        stored.setStatus(current.getStatus());
        if (!Templates.semanticEquals(current.getSpec(), d.getSpec())) {
            stored.getMetadata().setGeneration(current.getMetadata().getGeneration() + 1);
        }
        stored.getMetadata().setResourceVersion(Integer.toString(++resourceVersion));
        deployments.put(stored);
        return stored;
    }

    /** The ReplicaSet controller's status write. */
    void replicaSetStatus(ReplicaSet rs, ReplicaSetStatus status) {
        ReplicaSet stored = Json.copy(rs, ReplicaSet.class);
        stored.setStatus(status);
        stored.getMetadata().setResourceVersion(Integer.toString(++resourceVersion));
        replicaSets.put(stored);
    }

    private Deployment current(Deployment d) {
        return deployments.get(d.getMetadata().getNamespace(), d.getMetadata().getName())
                .orElseThrow(() -> new ApiException(404, null, "not found"));
    }

    private static void checkVersion(String stored, String sent) {
        if (sent != null && !sent.equals(stored)) {
            throw new ApiException(409, null, "the object has been modified");
        }
    }
}
