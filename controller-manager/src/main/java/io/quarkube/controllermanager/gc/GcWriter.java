package io.quarkube.controllermanager.gc;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.quarkube.api.client.ApiException;
import io.quarkube.controllermanager.controller.ObjectControl;
import io.quarkube.controllermanager.controller.Result;

/**
 * The garbage collector's writes and how their usual failures end a sync: an update carries the cached
 * resourceVersion, so a 409 means the cache lagged (retry once it caught up); a 404 means the object went
 * meanwhile. A delete carries the UID it was decided for, so a successor under the same name is left alone.
 */
final class GcWriter {
    private final ObjectControl control;

    GcWriter(ObjectControl control) {
        this.control = control;
    }

    Result update(ObjectRef ref, HasMetadata changed) {
        try {
            control.update(ref.type(), changed);
            return Result.done();
        } catch (ApiException e) {
            if (e.isNotFound()) {
                return Result.done();
            }
            if (e.isConflict()) {
                return Result.requeue();
            }
            throw e;
        }
    }

    /** True if the delete was accepted (false: gone already, or replaced by another object). */
    boolean delete(ObjectRef ref, String uid, String propagationPolicy) {
        try {
            control.delete(ref.type(), ref.namespace(), ref.name(), ObjectControl.deleteOptions(propagationPolicy, uid));
            return true;
        } catch (ApiException e) {
            if (e.isNotFound() || e.isConflict()) {
                return false;
            }
            throw e;
        }
    }
}
