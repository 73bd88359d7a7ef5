package io.quarkube.kubelet.prober;

import io.fabric8.kubernetes.api.model.Probe;

import java.time.Duration;

/**
 * A probe's timing with the API defaults filled in (period 10 s, timeout 1 s, success 1, failure 3). Liveness and
 * startup probes always use a success threshold of 1: the API requires it, and a kubelet given more would never
 * act on a container that recovers.
 */
public record ProbeSettings(Duration initialDelay, Duration period, Duration timeout, int successThreshold,
                            int failureThreshold) {

    public static ProbeSettings of(ProbeType type, Probe probe) {
        int success = positive(probe.getSuccessThreshold(), 1);
        return new ProbeSettings(
                Duration.ofSeconds(Math.max(0, orDefault(probe.getInitialDelaySeconds(), 0))),
                Duration.ofSeconds(positive(probe.getPeriodSeconds(), 10)),
                Duration.ofSeconds(positive(probe.getTimeoutSeconds(), 1)),
                type == ProbeType.READINESS ? success : 1,
                positive(probe.getFailureThreshold(), 3));
    }

    private static int positive(Integer value, int fallback) {
        return value == null || value < 1 ? fallback : value;
    }

    private static int orDefault(Integer value, int fallback) {
        return value == null ? fallback : value;
    }
}
