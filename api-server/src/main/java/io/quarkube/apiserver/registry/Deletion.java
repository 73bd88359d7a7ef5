package io.quarkube.apiserver.registry;

import io.fabric8.kubernetes.api.model.DeleteOptions;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Preconditions;
import io.quarkube.api.ResourceType;
import io.quarkube.apiserver.errors.StatusException;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/**
 * What a DELETE does to an object (apiserver's generic store BeforeDelete + the pod strategy): check the
 * preconditions, then mark it — deletionTimestamp, a grace period for pods still running on a node, the
 * foregroundDeletion or orphan finalizer for those propagation policies. The store removes the object as soon as
 * nothing holds it any more (see storage.Finalization).
 */
final class Deletion {
    static final String FOREGROUND = "foregroundDeletion";
    static final String ORPHAN = "orphan";

    private Deletion() {
    }

    static <T extends HasMetadata> T mark(ResourceType<T> type, T current, DeleteOptions options) {
        checkPreconditions(type, current, options == null ? null : options.getPreconditions());
        var meta = current.getMetadata();
        long grace = gracePeriod(current, options);
        if (meta.getDeletionTimestamp() != null) {
            // already being deleted: a DELETE may only shorten the grace period (kubelet confirms with 0)
            Long running = meta.getDeletionGracePeriodSeconds();
            if (running != null && grace < running) {
                meta.setDeletionGracePeriodSeconds(grace);
                meta.setDeletionTimestamp(Instant.now().plusSeconds(grace).truncatedTo(ChronoUnit.SECONDS).toString());
            }
            return current;
        }
        List<String> finalizers = meta.getFinalizers() == null ? new ArrayList<>() : new ArrayList<>(meta.getFinalizers());
        String policy = options == null ? null : options.getPropagationPolicy();
        if (options != null && Boolean.TRUE.equals(options.getOrphanDependents())) {
            policy = "Orphan";
        }
        if ("Foreground".equals(policy) && !finalizers.contains(FOREGROUND)) {
            finalizers.add(FOREGROUND);
        } else if ("Orphan".equals(policy) && !finalizers.contains(ORPHAN)) {
            finalizers.add(ORPHAN);
        } else if (policy != null && !List.of("Foreground", "Orphan", "Background").contains(policy)) {
            throw StatusException.badRequest("propagationPolicy \"" + policy
                    + "\" is not supported: use Foreground, Background or Orphan");
        }
        meta.setFinalizers(finalizers.isEmpty() ? null : finalizers);
        meta.setDeletionGracePeriodSeconds(grace);
        meta.setDeletionTimestamp(Instant.now().plusSeconds(grace).truncatedTo(ChronoUnit.SECONDS).toString());
        if (current instanceof Namespace namespace) {
            namespace.getStatus().setPhase("Terminating");
        }
        return current;
    }

    /**
     * Pods still running on a node get options.gracePeriodSeconds, else spec.terminationGracePeriodSeconds
     * (30); pods never scheduled or already finished go at once, as do other kinds.
     */
    private static long gracePeriod(HasMetadata object, DeleteOptions options) {
        Long requested = options == null ? null : options.getGracePeriodSeconds();
        if (!(object instanceof Pod pod)) {
            return 0;
        }
        String phase = pod.getStatus() == null ? null : pod.getStatus().getPhase();
        boolean onANode = pod.getSpec() != null && pod.getSpec().getNodeName() != null
                && !pod.getSpec().getNodeName().isEmpty();
        if (!onANode || "Succeeded".equals(phase) || "Failed".equals(phase)) {
            return 0;
        }
        if (requested != null) {
            return Math.max(0, requested);
        }
        Long declared = pod.getSpec().getTerminationGracePeriodSeconds();
        return declared == null ? 30 : declared;
    }

    private static void checkPreconditions(ResourceType<?> type, HasMetadata current, Preconditions preconditions) {
        if (preconditions == null) {
            return;
        }
        String name = current.getMetadata().getName();
        if (preconditions.getUid() != null && !preconditions.getUid().equals(current.getMetadata().getUid())) {
            throw StatusException.conflict(type, name, "Precondition failed: UID in precondition: "
                    + preconditions.getUid() + ", UID in object meta: " + current.getMetadata().getUid());
        }
        if (preconditions.getResourceVersion() != null
                && !preconditions.getResourceVersion().equals(current.getMetadata().getResourceVersion())) {
            throw StatusException.conflict(type, name, "Precondition failed: ResourceVersion in precondition: "
                    + preconditions.getResourceVersion() + ", ResourceVersion in object meta: "
                    + current.getMetadata().getResourceVersion());
        }
    }
}
