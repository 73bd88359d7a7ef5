package io.quarkube.controllermanager.replicaset;

import io.fabric8.kubernetes.api.model.apps.ReplicaSet;

/** PUT of replicasets/{name}/status; ApiClient::updateStatus in production, a recorder in tests. */
@FunctionalInterface
public interface ReplicaSetStatusWriter {
    ReplicaSet updateStatus(ReplicaSet rs);
}
