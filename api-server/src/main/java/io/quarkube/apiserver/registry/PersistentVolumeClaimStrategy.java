package io.quarkube.apiserver.registry;

import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimSpec;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimStatus;
import io.quarkube.api.Resources;
import io.quarkube.apiserver.validation.FieldErrors;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;

/** PersistentVolumeClaims (for StatefulSet volumeClaimTemplates): access modes and a storage request. */
@ApplicationScoped
public class PersistentVolumeClaimStrategy
        extends SpecStatusStrategy<PersistentVolumeClaim, PersistentVolumeClaimStatus> {
    private static final List<String> ACCESS_MODES = List.of("ReadWriteOnce", "ReadOnlyMany", "ReadWriteMany",
            "ReadWriteOncePod");

    public PersistentVolumeClaimStrategy() {
        super(Resources.PERSISTENT_VOLUME_CLAIMS, PersistentVolumeClaim::getStatus, PersistentVolumeClaim::setStatus);
    }

    @Override
    public boolean tracksGeneration() {
        return false;
    }

    @Override
    public void prepareForCreate(PersistentVolumeClaim claim) {
        PersistentVolumeClaimStatus status = new PersistentVolumeClaimStatus();
        status.setPhase("Pending");
        claim.setStatus(status);
        if (claim.getSpec() != null && claim.getSpec().getVolumeMode() == null) {
            claim.getSpec().setVolumeMode("Filesystem");
        }
    }

    @Override
    public void validate(PersistentVolumeClaim claim, FieldErrors errors) {
        PersistentVolumeClaimSpec spec = claim.getSpec();
        if (spec == null) {
            errors.required("spec");
            return;
        }
        if (spec.getAccessModes() == null || spec.getAccessModes().isEmpty()) {
            errors.required("spec.accessModes");
        } else {
            for (String mode : spec.getAccessModes()) {
                if (!ACCESS_MODES.contains(mode)) {
                    errors.notSupported("spec.accessModes", mode, ACCESS_MODES);
                }
            }
        }
        if (spec.getResources() == null || spec.getResources().getRequests() == null
                || !spec.getResources().getRequests().containsKey("storage")) {
            errors.required("spec.resources[storage]");
        }
    }
}
