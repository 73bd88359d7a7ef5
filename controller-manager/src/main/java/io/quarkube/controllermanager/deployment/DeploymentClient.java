package io.quarkube.controllermanager.deployment;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.quarkube.api.Resources;
import io.quarkube.api.client.ApiClient;

import java.util.Optional;

/**
 * The writes (and the one live read) of the Deployment controller; the api-server in production, a fake that
 * updates in-memory caches in tests. Failures are {@code ApiException}s (409 when the object changed meanwhile,
 * or AlreadyExists for a name taken).
 */
public interface DeploymentClient {
    ReplicaSet createReplicaSet(ReplicaSet rs);

    /** PUT with the object's resourceVersion. */
    ReplicaSet updateReplicaSet(ReplicaSet rs);

    /** DELETE with a UID precondition. */
    void deleteReplicaSet(String namespace, String name, String uid);

    /** PUT of the Deployment itself: only its metadata (the revision annotation) is changed by the controller. */
    Deployment updateDeployment(Deployment d);

    Deployment updateDeploymentStatus(Deployment d);

    /** A live GET (Kubernetes rechecks the owner before adopting: the cache may not show it is being deleted). */
    Optional<Deployment> getDeployment(String namespace, String name);

    static DeploymentClient over(ApiClient api) {
        return new DeploymentClient() {
            @Override
            public ReplicaSet createReplicaSet(ReplicaSet rs) {
                return api.create(Resources.REPLICASETS, rs);
            }

            @Override
            public ReplicaSet updateReplicaSet(ReplicaSet rs) {
                return api.update(Resources.REPLICASETS, rs);
            }

            @Override
            public void deleteReplicaSet(String namespace, String name, String uid) {
                api.delete(Resources.REPLICASETS, namespace, name, uid);
            }

            @Override
            public Deployment updateDeployment(Deployment d) {
                return api.update(Resources.DEPLOYMENTS, d);
            }

            @Override
            public Deployment updateDeploymentStatus(Deployment d) {
                return api.updateStatus(Resources.DEPLOYMENTS, d);
            }

            @Override
            public Optional<Deployment> getDeployment(String namespace, String name) {
                return api.get(Resources.DEPLOYMENTS, namespace, name);
            }
        };
    }
}
