package io.quarkube.apiserver.storage;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;

/**
 * When an object marked for deletion may really go (the generic registry store's rule): it has a
 * deletionTimestamp, no finalizers are left, and no grace period is still running (pods wait for their kubelet,
 * which confirms with a grace period of 0). Namespaces also wait for their spec.finalizers (the namespace
 * controller empties them).
 */
public final class Finalization {
    private Finalization() {
    }

    public static boolean isFinished(HasMetadata object) {
        var meta = object.getMetadata();
        if (meta.getDeletionTimestamp() == null) {
            return false;
        }
        if (meta.getFinalizers() != null && !meta.getFinalizers().isEmpty()) {
            return false;
        }
        if (meta.getDeletionGracePeriodSeconds() != null && meta.getDeletionGracePeriodSeconds() > 0) {
            return false;
        }
        return !(object instanceof Namespace ns) || ns.getSpec() == null || ns.getSpec().getFinalizers() == null
                || ns.getSpec().getFinalizers().isEmpty();
    }
}
