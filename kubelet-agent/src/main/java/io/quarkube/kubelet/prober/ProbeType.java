package io.quarkube.kubelet.prober;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Probe;

/** The three probes of a container, with the result each holds before its first verdict (as the kubelet's worker). */
public enum ProbeType {
    /** Unknown until it succeeds: the container is not "started", the other probes wait. */
    STARTUP("Startup", ProbeResult.UNKNOWN),
    /** Healthy until proven otherwise. */
    LIVENESS("Liveness", ProbeResult.SUCCESS),
    /** Not ready until the first success. */
    READINESS("Readiness", ProbeResult.FAILURE);

    private final String label;
    private final ProbeResult initial;

    ProbeType(String label, ProbeResult initial) {
        this.label = label;
        this.initial = initial;
    }

    /** "Liveness", as event messages name it. */
    public String label() {
        return label;
    }

    public ProbeResult initial() {
        return initial;
    }

    public Probe of(Container container) {
        return switch (this) {
            case STARTUP -> container.getStartupProbe();
            case LIVENESS -> container.getLivenessProbe();
            case READINESS -> container.getReadinessProbe();
        };
    }

    public static boolean any(Container container) {
        return container.getStartupProbe() != null || container.getLivenessProbe() != null
                || container.getReadinessProbe() != null;
    }
}
