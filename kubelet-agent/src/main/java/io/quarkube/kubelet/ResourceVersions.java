package io.quarkube.kubelet;

import io.fabric8.kubernetes.api.model.HasMetadata;

/**
 * quarkube's resourceVersions are one global counter, so the newer of two copies of an object is the one with the
 * larger number. Used to prefer our own last write over an informer copy that has not caught up yet.
 */
public final class ResourceVersions {

    private ResourceVersions() {
    }

    public static <T extends HasMetadata> T newer(T a, T b) {
        if (a == null) {
            return b;
        }
        if (b == null) {
            return a;
        }
        return parse(b) > parse(a) ? b : a;
    }

    private static long parse(HasMetadata object) {
        try {
            return Long.parseLong(object.getMetadata().getResourceVersion());
        } catch (RuntimeException e) {
            return -1;
        }
    }
}
