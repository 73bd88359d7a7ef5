package io.quarkube.controllermanager.statefulset;

import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.quarkube.api.Resources;
import io.quarkube.api.client.ApiClient;

/** The PersistentVolumeClaim writes of the StatefulSet controller; tests record them instead. */
interface ClaimControl {
    PersistentVolumeClaim create(PersistentVolumeClaim claim);

    /** PUT with the claim's resourceVersion (ownerReferences for the retention policy); 409 if it changed. */
    PersistentVolumeClaim update(PersistentVolumeClaim claim);

    static ClaimControl over(ApiClient api) {
        return new ClaimControl() {
            @Override
            public PersistentVolumeClaim create(PersistentVolumeClaim claim) {
                return api.create(Resources.PERSISTENT_VOLUME_CLAIMS, claim);
            }

            @Override
            public PersistentVolumeClaim update(PersistentVolumeClaim claim) {
                return api.update(Resources.PERSISTENT_VOLUME_CLAIMS, claim);
            }
        };
    }
}
