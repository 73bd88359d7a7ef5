package io.quarkube.controllermanager.deployment;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.quarkube.api.ObjectKey;
import io.quarkube.api.client.ApiException;
import io.quarkube.controllermanager.controller.ControllerRefManager;
import io.quarkube.controllermanager.controller.ControllerRefs;
import org.jboss.logging.Logger;

import java.util.List;
import java.util.Objects;

/**
 * ClaimReplicaSets (ReplicaSetControllerRefManager): {@link ControllerRefManager#claim} over the Deployment's
 * ReplicaSets, adopting orphans only after checking with the api-server that the Deployment is still there and
 * not being deleted.
 */
final class ReplicaSetClaims {
    private static final Logger LOG = Logger.getLogger(ReplicaSetClaims.class);

    private final DeploymentClient client;

    ReplicaSetClaims(DeploymentClient client) {
        this.client = client;
    }

    ControllerRefManager.Claim<ReplicaSet> claim(Deployment d, List<ReplicaSet> candidates) {
        return ControllerRefManager.claim(d, d.getSpec().getSelector(), candidates,
                () -> ControllerRefs.newControllerRef(d, DeploymentSync.API_VERSION, DeploymentSync.KIND),
                () -> stillCurrent(d), new ControllerRefManager.Writes<>() {
                    @Override
                    public ReplicaSet adopt(ReplicaSet rs) {
                        return adoptWrite(rs, d);
                    }

                    @Override
                    public boolean release(ReplicaSet rs) {
                        return releaseWrite(rs, d);
                    }
                });
    }

    /** RecheckDeletionTimestamp: the live Deployment has the same UID and is not being deleted. */
    private boolean stillCurrent(Deployment d) {
        return client.getDeployment(d.getMetadata().getNamespace(), d.getMetadata().getName())
                .filter(fresh -> Objects.equals(fresh.getMetadata().getUid(), d.getMetadata().getUid()))
                .filter(fresh -> fresh.getMetadata().getDeletionTimestamp() == null)
                .isPresent();
    }

    /** False if the ReplicaSet changed meanwhile; true if written or gone. */
    private boolean releaseWrite(ReplicaSet rs, Deployment d) {
        try {
            client.updateReplicaSet(rs);
            LOG.infof("Deployment %s released ReplicaSet %s", ObjectKey.of(d), rs.getMetadata().getName());
            return true;
        } catch (ApiException e) {
            if (e.isNotFound()) {
                return true;
            }
            if (e.isConflict()) {
                return false;
            }
            throw e;
        }
    }

    /** The ReplicaSet as written, or null if it changed or went meanwhile. */
    private ReplicaSet adoptWrite(ReplicaSet rs, Deployment d) {
        try {
            ReplicaSet written = client.updateReplicaSet(rs);
            LOG.infof("Deployment %s adopted ReplicaSet %s", ObjectKey.of(d), rs.getMetadata().getName());
            return written == null ? rs : written;
        } catch (ApiException e) {
            if (e.isConflict() || e.isNotFound()) {
                return null;
            }
            throw e;
        }
    }
}
