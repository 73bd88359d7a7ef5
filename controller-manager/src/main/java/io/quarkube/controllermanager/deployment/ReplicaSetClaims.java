package io.quarkube.controllermanager.deployment;

import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.quarkube.api.ObjectKey;
import io.quarkube.api.client.ApiException;
import io.quarkube.api.json.Json;
import io.quarkube.api.labels.LabelSelectors;
import io.quarkube.controllermanager.controller.ControllerRefs;
import org.jboss.logging.Logger;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * ClaimReplicaSets (ReplicaSetControllerRefManager): the Deployment owns the ReplicaSets it controls whose labels
 * still match its selector (the others are released), and adopts orphans that match — after checking with the
 * api-server that the Deployment is still there and not being deleted. ReplicaSets controlled by someone else
 * are never touched.
 */
final class ReplicaSetClaims {
    private static final Logger LOG = Logger.getLogger(ReplicaSetClaims.class);

    private final DeploymentClient client;

    ReplicaSetClaims(DeploymentClient client) {
        this.client = client;
    }

    /** @param retry an adoption or release lost a race (409): sync again */
    record Claim(List<ReplicaSet> owned, boolean retry) {
    }

    Claim claim(Deployment d, List<ReplicaSet> candidates) {
        boolean deleting = d.getMetadata().getDeletionTimestamp() != null;
        List<ReplicaSet> owned = new ArrayList<>();
        boolean retry = false;
        Boolean canAdopt = null;
        for (ReplicaSet rs : candidates) {
            boolean matches = LabelSelectors.matches(d.getSpec().getSelector(), rs.getMetadata().getLabels());
            if (ControllerRefs.controllerOf(rs) != null) {
                if (!ControllerRefs.isControlledBy(rs, d)) {
                    continue;
                }
                if (matches) {
                    owned.add(rs);
                } else if (!deleting) {
                    ReplicaSet released = Json.copy(rs, ReplicaSet.class);
                    released.getMetadata().getOwnerReferences()
                            .removeIf(r -> Objects.equals(r.getUid(), d.getMetadata().getUid()));
                    retry |= !write(released, "released", d);
                }
                continue;
            }
            if (!matches || deleting || rs.getMetadata().getDeletionTimestamp() != null) {
                continue;
            }
            if (canAdopt == null) {
                canAdopt = stillCurrent(d);
            }
            if (!canAdopt) {
                continue;
            }
            ReplicaSet adopted = Json.copy(rs, ReplicaSet.class);
            List<OwnerReference> refs = adopted.getMetadata().getOwnerReferences() == null ? new ArrayList<>()
                    : new ArrayList<>(adopted.getMetadata().getOwnerReferences());
            refs.add(ControllerRefs.newControllerRef(d, DeploymentSync.API_VERSION, DeploymentSync.KIND));
            adopted.getMetadata().setOwnerReferences(refs);
            ReplicaSet written = writeReturning(adopted, "adopted", d);
            if (written != null) {
                owned.add(written);
            } else {
                retry = true;
            }
        }
        return new Claim(owned, retry);
    }

    /** RecheckDeletionTimestamp: the live Deployment has the same UID and is not being deleted. */
    private boolean stillCurrent(Deployment d) {
        return client.getDeployment(d.getMetadata().getNamespace(), d.getMetadata().getName())
                .filter(fresh -> Objects.equals(fresh.getMetadata().getUid(), d.getMetadata().getUid()))
                .filter(fresh -> fresh.getMetadata().getDeletionTimestamp() == null)
                .isPresent();
    }

    private boolean write(ReplicaSet rs, String verb, Deployment d) {
        try {
            client.updateReplicaSet(rs);
            LOG.infof("Deployment %s %s ReplicaSet %s", ObjectKey.of(d), verb, rs.getMetadata().getName());
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

    private ReplicaSet writeReturning(ReplicaSet rs, String verb, Deployment d) {
        try {
            ReplicaSet written = client.updateReplicaSet(rs);
            LOG.infof("Deployment %s %s ReplicaSet %s", ObjectKey.of(d), verb, rs.getMetadata().getName());
            return written == null ? rs : written;
        } catch (ApiException e) {
            if (e.isConflict() || e.isNotFound()) {
                return null;
            }
            throw e;
        }
    }
}
