package io.quarkube.kubelet.prober;

import io.fabric8.kubernetes.api.model.Container;
import io.quarkube.api.events.EventRecorder;

import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;

/**
 * The probes of every running container on this agent, as the kubelet's prober manager: the pod worker adds a
 * container run once it runs and removes it when it ends; results are read by container ID. A result change
 * completes the pod's {@link #changes(String)} future, which the pod worker waits on, so the status follows within
 * moments. With a simulated runtime every check passes: liveness workers are not even created and the others stop
 * once they succeeded, so hollow pods cost a few timer tasks each.
 */
public final class ProbeManager {
    private final Prober prober;
    private final Timers timers;
    private final Executor executor;
    private final Clock clock;
    private final EventRecorder events;
    private final Map<String, ContainerProbes> byContainer = new ConcurrentHashMap<>();
    private final Map<String, Set<String>> containersByPod = new ConcurrentHashMap<>();
    private final Map<String, CompletableFuture<Void>> signals = new ConcurrentHashMap<>();

    /** {@code executor} runs the blocking probe checks (exec, connects); {@code timers} only tick. */
    public ProbeManager(Prober prober, Timers timers, Executor executor, Clock clock, EventRecorder events) {
        this.prober = prober;
        this.timers = timers;
        this.executor = executor;
        this.clock = clock;
        this.events = events;
    }

    /** Starts the workers for a running container's probes, once per run (later calls do nothing). */
    public void addContainer(ContainerTarget target) {
        if (!ProbeType.any(target.container()) || byContainer.containsKey(target.containerId())) {
            return;
        }
        ContainerProbes probes = new ContainerProbes(target);
        for (ProbeType type : ProbeType.values()) {
            if (type.of(target.container()) != null && !(type == ProbeType.LIVENESS && prober.simulated())) {
                probes.workers.put(type, new ProbeWorker(this, probes, type));
            }
        }
        byContainer.put(target.containerId(), probes);
        containersByPod.computeIfAbsent(target.uid(), uid -> ConcurrentHashMap.newKeySet()).add(target.containerId());
        probes.workers.values().forEach(ProbeWorker::start);
    }

    /** Whether the container run has started up (no startup probe, or it succeeded). */
    public boolean started(String containerId, Container container) {
        if (container.getStartupProbe() == null) {
            return true;
        }
        ContainerProbes probes = byContainer.get(containerId);
        return probes != null && probes.started();
    }

    /** Whether the readiness probe passes (or there is none); the caller also requires started and running. */
    public boolean ready(String containerId, Container container) {
        if (container.getReadinessProbe() == null) {
            return true;
        }
        ContainerProbes probes = byContainer.get(containerId);
        return probes != null && probes.ready();
    }

    /** The probe whose failure means the run must be killed: liveness, or startup. */
    public Optional<ProbeType> failed(String containerId) {
        ContainerProbes probes = byContainer.get(containerId);
        if (probes == null) {
            return Optional.empty();
        }
        if (probes.get(ProbeType.LIVENESS) == ProbeResult.FAILURE) {
            return Optional.of(ProbeType.LIVENESS);
        }
        return probes.get(ProbeType.STARTUP) == ProbeResult.FAILURE ? Optional.of(ProbeType.STARTUP) : Optional.empty();
    }

    /** The run is being stopped: probe no more, keep the last results while it shuts down. */
    public void stopProbing(String containerId) {
        ContainerProbes probes = byContainer.get(containerId);
        if (probes != null) {
            probes.stop();
        }
    }

    /** The run has ended: forget it. */
    public void removeContainer(String containerId) {
        ContainerProbes probes = byContainer.remove(containerId);
        if (probes != null) {
            probes.stop();
            Set<String> ids = containersByPod.get(probes.target.uid());
            if (ids != null) {
                ids.remove(containerId);
                if (ids.isEmpty()) {
                    containersByPod.remove(probes.target.uid(), ids);
                }
            }
        }
    }

    public void removePod(String uid) {
        Set<String> ids = containersByPod.remove(uid);
        if (ids != null) {
            ids.forEach(this::removeContainer);
        }
        signals.remove(uid);
    }

    /**
     * Completes at the next probe result change of the pod. Take it before reading results: a change after that
     * completes it, so none is missed.
     */
    public CompletableFuture<Void> changes(String uid) {
        return signals.computeIfAbsent(uid, key -> new CompletableFuture<>());
    }

    /** Probe workers currently scheduled or running (tests, metrics). */
    public int activeWorkers() {
        return (int) byContainer.values().stream().flatMap(p -> p.workers.values().stream())
                .filter(w -> !w.isStopped()).count();
    }

    void changed(ContainerProbes probes) {
        CompletableFuture<Void> signal = signals.remove(probes.target.uid());
        if (signal != null) {
            signal.complete(null);
        }
    }

    Prober prober() {
        return prober;
    }

    Timers timers() {
        return timers;
    }

    Executor executor() {
        return executor;
    }

    Clock clock() {
        return clock;
    }

    EventRecorder events() {
        return events;
    }
}
