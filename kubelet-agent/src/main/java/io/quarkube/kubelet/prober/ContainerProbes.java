package io.quarkube.kubelet.prober;

import java.util.EnumMap;
import java.util.Map;

/**
 * The probe workers and results of one container run (results are keyed by container ID: a restarted container
 * starts over with fresh workers and initial results). Each result has one writer, its worker.
 */
final class ContainerProbes {
    final ContainerTarget target;
    final Map<ProbeType, ProbeWorker> workers = new EnumMap<>(ProbeType.class);
    private volatile ProbeResult startup = ProbeType.STARTUP.initial();
    private volatile ProbeResult liveness = ProbeType.LIVENESS.initial();
    private volatile ProbeResult readiness = ProbeType.READINESS.initial();

    ContainerProbes(ContainerTarget target) {
        this.target = target;
    }

    ProbeResult get(ProbeType type) {
        return switch (type) {
            case STARTUP -> startup;
            case LIVENESS -> liveness;
            case READINESS -> readiness;
        };
    }

    /** True if the result changed. */
    boolean set(ProbeType type, ProbeResult result) {
        if (get(type) == result) {
            return false;
        }
        switch (type) {
            case STARTUP -> startup = result;
            case LIVENESS -> liveness = result;
            case READINESS -> readiness = result;
        }
        return true;
    }

    /** Startup succeeded, or there is no startup probe: liveness and readiness may run. */
    boolean started() {
        return target.container().getStartupProbe() == null || startup == ProbeResult.SUCCESS;
    }

    boolean ready() {
        return target.container().getReadinessProbe() == null || readiness == ProbeResult.SUCCESS;
    }

    /** The startup probe just succeeded: probe readiness (and liveness) now rather than at their next tick. */
    void startupSucceeded() {
        workers.forEach((type, worker) -> {
            if (type != ProbeType.STARTUP) {
                worker.trigger();
            }
        });
    }

    void stop() {
        workers.values().forEach(ProbeWorker::stop);
    }
}
