package io.quarkube.scheduler.framework;

import io.fabric8.kubernetes.api.model.Affinity;
import io.fabric8.kubernetes.api.model.Pod;

/**
 * A pod on a node (bound or assumed) with what plugins ask of it over and over, computed once when it is added
 * to the cache: its requests and whether it carries inter-pod (anti-)affinity terms.
 */
public record PodInfo(Pod pod, Resource request, Resource nonZeroRequest, boolean hasAffinity,
                      boolean hasRequiredAntiAffinity) {

    public static PodInfo of(Pod pod) {
        Affinity affinity = pod.getSpec() == null ? null : pod.getSpec().getAffinity();
        boolean podAffinity = affinity != null && affinity.getPodAffinity() != null;
        boolean antiAffinity = affinity != null && affinity.getPodAntiAffinity() != null;
        boolean requiredAnti = antiAffinity && affinity.getPodAntiAffinity()
                .getRequiredDuringSchedulingIgnoredDuringExecution() != null
                && !affinity.getPodAntiAffinity().getRequiredDuringSchedulingIgnoredDuringExecution().isEmpty();
        return new PodInfo(pod, PodRequests.of(pod), PodRequests.nonZero(pod), podAffinity || antiAffinity,
                requiredAnti);
    }

    /** A newer version of the same pod (status, labels changed); requests and affinity cannot change. */
    public PodInfo withPod(Pod newer) {
        return new PodInfo(newer, request, nonZeroRequest, hasAffinity, hasRequiredAntiAffinity);
    }

    public String key() {
        return Pods.key(pod);
    }
}
