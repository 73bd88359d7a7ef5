package io.quarkube.kubelet.prober;

import io.fabric8.kubernetes.api.model.Probe;
import io.quarkube.api.events.EventRecorder;
import io.quarkube.kubelet.runtime.ContainerHandle;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.RejectedExecutionException;

/**
 * Probes one container run periodically, as the kubelet's prober worker: ticks every period from its start, skips
 * until initialDelaySeconds after the container started, waits for the startup probe before liveness and readiness,
 * and changes the result only after successThreshold / failureThreshold equal verdicts in a row. A failed liveness
 * or startup result is final for the run (the kubelet kills it; a restart brings new workers). Holds no thread
 * between ticks: a tick is a one-shot timer, a probe run a task on the prober executor, one at a time.
 */
final class ProbeWorker {
    private static final Logger LOG = Logger.getLogger(ProbeWorker.class);

    private final ProbeManager manager;
    private final ContainerProbes owner;
    private final ProbeType type;
    private final Probe probe;
    private final ProbeSettings settings;
    // guarded by this
    private Timers.Cancellable scheduled = Timers.Cancellable.NONE;
    private boolean running;
    private boolean stopped;
    private boolean triggered;
    // touched only by the one run in flight
    private ProbeResult lastResult;
    private int resultRun;
    private String lastError;

    ProbeWorker(ProbeManager manager, ContainerProbes owner, ProbeType type) {
        this.manager = manager;
        this.owner = owner;
        this.type = type;
        this.probe = type.of(owner.target.container());
        this.settings = ProbeSettings.of(type, probe);
    }

    ProbeType type() {
        return type;
    }

    synchronized void start() {
        scheduleIn(Duration.ZERO);
    }

    /** Probe now (the container just started up); a run in progress is followed by another one. */
    synchronized void trigger() {
        if (stopped) {
            return;
        }
        if (running) {
            triggered = true;
            return;
        }
        scheduled.cancel();
        scheduleIn(Duration.ZERO);
    }

    synchronized void stop() {
        stopped = true;
        scheduled.cancel();
    }

    synchronized boolean isStopped() {
        return stopped;
    }

    private void scheduleIn(Duration delay) {
        scheduled = manager.timers().schedule(delay, this::tick);
    }

    private void tick() {
        synchronized (this) {
            if (stopped || running) {
                return;
            }
            running = true;
            triggered = false;
        }
        ContainerHandle handle = owner.target.handle();
        Instant now = manager.clock().instant();
        Instant startedAt = handle.started().getNow(null);
        if (handle.exited().isDone()) {
            stop();
            finish(null);
        } else if (startedAt == null || now.isBefore(startedAt.plus(settings.initialDelay()))) {
            finish(untilFirstTickAfter(now, startedAt == null ? now : startedAt.plus(settings.initialDelay())));
        } else if (type == ProbeType.STARTUP && owner.started()) {
            stop();
            finish(null);
        } else if (type != ProbeType.STARTUP && !owner.started()) {
            finish(null); // parked: the startup probe's success triggers this worker
        } else if (manager.prober().simulated()) {
            probeOnce(now); // nothing blocks: no need for another thread
        } else {
            try {
                manager.executor().execute(() -> probeOnce(now));
            } catch (RejectedExecutionException e) {
                stop();
                finish(null);
            }
        }
    }

    /** The kubelet's ticker keeps its phase: the next probe is on the first tick at or after {@code from}. */
    private Duration untilFirstTickAfter(Instant now, Instant from) {
        long period = settings.period().toMillis();
        long wait = Math.max(0, Duration.between(now, from).toMillis());
        return Duration.ofMillis(Math.max(period, (wait + period - 1) / period * period));
    }

    private void probeOnce(Instant tickAt) {
        boolean keepGoing;
        try {
            keepGoing = record(manager.prober().run(owner.target, probe, settings.timeout()));
        } catch (RuntimeException e) {
            LOG.warnf(e, "%s probe of container %s in pod %s failed to run", type.label(), owner.target.name(),
                    owner.target.sandbox().fullName());
            keepGoing = true;
        }
        if (!keepGoing) {
            stop();
            finish(null);
            return;
        }
        Duration wait = Duration.between(manager.clock().instant(), tickAt.plus(settings.period()));
        finish(wait.isNegative() ? Duration.ZERO : wait);
    }

    private void finish(Duration next) {
        synchronized (this) {
            running = false;
            if (stopped) {
                return;
            }
            if (triggered) {
                triggered = false;
                next = Duration.ZERO;
            }
            if (next != null) {
                scheduleIn(next);
            }
        }
    }

    /** Applies one verdict; false once this worker has nothing more to do. */
    private boolean record(ProbeOutcome outcome) {
        if (isStopped() || owner.target.handle().exited().isDone()) {
            return false; // the run ended meanwhile: its verdict means nothing
        }
        if (outcome.unsupported()) {
            LOG.warnf("%s probe of container %s in pod %s cannot run: %s", type.label(), owner.target.name(),
                    owner.target.sandbox().fullName(), outcome.output());
            unhealthy(type.label() + " probe errored and resulted in unknown state: " + outcome.output());
            return false;
        }
        if (outcome.result() == ProbeResult.UNKNOWN) {
            // the kubelet throws an errored result away; say so once per distinct error, not every period
            if (!outcome.output().equals(lastError)) {
                unhealthy(type.label() + " probe errored and resulted in unknown state: " + outcome.output());
            }
            lastError = outcome.output();
            return true;
        }
        lastError = null;
        ProbeResult result = outcome.result();
        if (result == ProbeResult.FAILURE) {
            unhealthy(type.label() + " probe failed: " + outcome.output());
        }
        if (result == lastResult) {
            resultRun++;
        } else {
            lastResult = result;
            resultRun = 1;
        }
        int threshold = result == ProbeResult.SUCCESS ? settings.successThreshold() : settings.failureThreshold();
        if (resultRun < threshold) {
            return true;
        }
        if (owner.set(type, result)) {
            manager.changed(owner);
        }
        if (type == ProbeType.STARTUP && result == ProbeResult.SUCCESS) {
            owner.startupSucceeded();
            return false;
        }
        if (result == ProbeResult.FAILURE && type != ProbeType.READINESS) {
            return false; // on hold: the kubelet kills this run
        }
        // with simulated checks every later verdict is a success too
        return !(manager.prober().simulated() && result == ProbeResult.SUCCESS);
    }

    private void unhealthy(String message) {
        manager.events().withHost(owner.target.sandbox().nodeName()).event(owner.target.pod(),
                owner.target.fieldPath(), EventRecorder.WARNING, "Unhealthy", message);
    }
}
