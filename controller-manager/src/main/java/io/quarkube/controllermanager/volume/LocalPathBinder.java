package io.quarkube.controllermanager.volume;

import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimStatus;
import io.fabric8.kubernetes.api.model.Quantity;
import io.quarkube.api.ObjectKey;
import io.quarkube.api.Resources;
import io.quarkube.api.client.ApiException;
import io.quarkube.api.events.EventRecorder;
import io.quarkube.api.informer.ResourceEventHandler;
import io.quarkube.api.json.Json;
import io.quarkube.controllermanager.controller.ControllerContext;
import io.quarkube.controllermanager.controller.ControllerRunner;
import io.quarkube.controllermanager.controller.Enqueuer;
import io.quarkube.controllermanager.controller.Lister;
import io.quarkube.controllermanager.controller.Reconciler;
import io.quarkube.controllermanager.controller.Result;
import org.jboss.logging.Logger;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * A local-path style provisioner for a single-machine cluster: Kubernetes leaves a claim Pending until a
 * provisioner makes a volume for it; here every Pending claim is at once Bound (spec.volumeName "pvc-&lt;uid&gt;" as
 * dynamic provisioners name volumes, status.phase Bound, capacity = the storage request, the requested
 * accessModes — what kubectl get pvc shows) to a directory the kubelet makes on the node for the claim, like
 * rancher's local-path-provisioner. No PersistentVolume object is made.
 */
public final class LocalPathBinder implements Reconciler {
    private static final Logger LOG = Logger.getLogger(LocalPathBinder.class);
    private static final int WORKERS = 2;

    private final Lister<PersistentVolumeClaim> claims;
    private final UnaryOperator<PersistentVolumeClaim> writer;
    private final UnaryOperator<PersistentVolumeClaim> statusWriter;
    private final EventRecorder recorder;

    public LocalPathBinder(Lister<PersistentVolumeClaim> claims, UnaryOperator<PersistentVolumeClaim> writer,
                           UnaryOperator<PersistentVolumeClaim> statusWriter, EventRecorder recorder) {
        this.claims = claims;
        this.writer = writer;
        this.statusWriter = statusWriter;
        this.recorder = recorder;
    }

    public static ControllerRunner setUp(ControllerContext context) {
        Lister<PersistentVolumeClaim> claims = context.lister(Resources.PERSISTENT_VOLUME_CLAIMS);
        LocalPathBinder binder = new LocalPathBinder(claims,
                claim -> context.api().update(Resources.PERSISTENT_VOLUME_CLAIMS, claim),
                claim -> context.api().updateStatus(Resources.PERSISTENT_VOLUME_CLAIMS, claim),
                context.recorder("local-path-provisioner"));
        ControllerRunner runner = new ControllerRunner("local-path-binder", binder, WORKERS);
        context.addHandler(Resources.PERSISTENT_VOLUME_CLAIMS, handler(runner));
        return runner;
    }

    static ResourceEventHandler<PersistentVolumeClaim> handler(Enqueuer queue) {
        return ResourceEventHandler.onAddOrUpdate(claim -> queue.enqueue(ObjectKey.of(claim).toString()));
    }

    @Override
    public Result sync(String key) {
        ObjectKey name = ObjectKey.parse(key);
        Optional<PersistentVolumeClaim> found = claims.get(name.namespace(), name.name());
        if (found.isEmpty() || !needsBinding(found.get())) {
            return Result.done();
        }
        PersistentVolumeClaim claim = Json.copy(found.get(), PersistentVolumeClaim.class);
        Quantity storage = claim.getSpec().getResources() == null || claim.getSpec().getResources().getRequests() == null
                ? null : claim.getSpec().getResources().getRequests().get("storage");
        try {
            if (claim.getSpec().getVolumeName() == null || claim.getSpec().getVolumeName().isEmpty()) {
                claim.getSpec().setVolumeName("pvc-" + claim.getMetadata().getUid());
                claim = writer.apply(claim); // the status goes on the version this write made
            }
            claim.setStatus(bound(claim, storage));
            statusWriter.apply(claim);
        } catch (ApiException e) {
            if (e.isNotFound()) {
                return Result.done();
            }
            if (e.isConflict()) {
                return Result.requeue();
            }
            throw e;
        }
        LOG.infof("claim %s bound (local path, %s)", key, storage);
        recorder.normal(claim, "ProvisioningSucceeded", "Successfully provisioned local-path volume for claim "
                + key + (storage == null ? "" : " (" + storage + ")"));
        return Result.done();
    }

    private static PersistentVolumeClaimStatus bound(PersistentVolumeClaim claim, Quantity storage) {
        PersistentVolumeClaimStatus status = claim.getStatus() == null ? new PersistentVolumeClaimStatus()
                : claim.getStatus();
        status.setPhase("Bound");
        status.setAccessModes(new ArrayList<>(claim.getSpec().getAccessModes()));
        Map<String, Quantity> capacity = new LinkedHashMap<>();
        if (storage != null) {
            capacity.put("storage", storage);
        }
        status.setCapacity(capacity);
        return status;
    }

    /** Pending (or without a phase), not being deleted, with access modes to report. */
    static boolean needsBinding(PersistentVolumeClaim claim) {
        String phase = claim.getStatus() == null ? null : claim.getStatus().getPhase();
        return (phase == null || "Pending".equals(phase)) && claim.getMetadata().getDeletionTimestamp() == null
                && claim.getSpec() != null && claim.getSpec().getAccessModes() != null;
    }
}
