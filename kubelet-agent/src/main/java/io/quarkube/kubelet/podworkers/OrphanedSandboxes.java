package io.quarkube.kubelet.podworkers;

import io.quarkube.kubelet.runtime.ContainerRuntime;
import org.jboss.logging.Logger;

import java.util.Set;
import java.util.function.Supplier;

/**
 * The kubelet's cleanup of orphaned pods when it starts: sandboxes an earlier agent left in the work dir whose pod
 * no longer exists or no longer runs on this agent's nodes are stopped and removed (the runtime logs one line per
 * pod). Run once the informer has synced, so that "not among the pods" means gone rather than not read yet; on a
 * thread of its own, since stopping takes up to a grace period per pod.
 */
public final class OrphanedSandboxes {
    private static final Logger LOG = Logger.getLogger(OrphanedSandboxes.class);

    private OrphanedSandboxes() {
    }

    /** {@code keep}: UIDs of the pods this agent runs or may still run (asked when the cleanup starts). */
    public static void removeInBackground(ContainerRuntime runtime, Supplier<Set<String>> keep) {
        Thread thread = new Thread(() -> {
            try {
                remove(runtime, keep.get());
            } catch (RuntimeException e) {
                LOG.warnf(e, "cleaning up sandboxes left by an earlier agent failed");
            }
        }, "kubelet-orphan-cleanup");
        thread.setDaemon(true);
        thread.start();
    }

    /** Returns how many sandboxes were removed. */
    static int remove(ContainerRuntime runtime, Set<String> keep) {
        int removed = 0;
        for (String uid : runtime.leftoverSandboxes()) {
            if (!keep.contains(uid)) {
                runtime.removeLeftoverSandbox(uid);
                removed++;
            }
        }
        return removed;
    }
}
