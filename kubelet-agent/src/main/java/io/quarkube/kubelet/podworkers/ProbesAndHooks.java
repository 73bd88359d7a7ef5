package io.quarkube.kubelet.podworkers;

import io.quarkube.api.events.EventRecorder;
import io.quarkube.kubelet.lifecycle.HookRunner;
import io.quarkube.kubelet.prober.ProbeManager;
import io.quarkube.kubelet.prober.Prober;
import io.quarkube.kubelet.prober.Timers;
import io.quarkube.kubelet.runtime.ContainerRuntime;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** What the pod syncer needs beyond the runtime for probes, lifecycle hooks and preStop deadlines. */
public record ProbesAndHooks(ProbeManager probes, HookRunner hooks, Timers timers) {
    /** Threads for blocking probe checks (exec, connects); simulated checks never use them. */
    public static final int PROBE_THREADS = 8;
    private static final Duration IDLE = Duration.ofSeconds(30);

    /**
     * {@code probeExecutor} runs probe checks (bounded: a slow probe delays others, it does not pile up threads);
     * {@code hookExecutor} runs hooks, which may take long (postStart has no timeout in Kubernetes).
     */
    public static ProbesAndHooks of(ContainerRuntime runtime, Clock clock, EventRecorder events, Timers timers,
                                    Executor probeExecutor, Executor hookExecutor) {
        return new ProbesAndHooks(new ProbeManager(new Prober(runtime), timers, probeExecutor, clock, events),
                new HookRunner(runtime, hookExecutor, timers), timers);
    }

    /** The agent's executors: a bounded probe pool and an elastic hook pool, daemon threads that end when idle. */
    public static ProbesAndHooks of(ContainerRuntime runtime, Clock clock, EventRecorder events, Timers timers) {
        ThreadPoolExecutor probes = new ThreadPoolExecutor(PROBE_THREADS, PROBE_THREADS, IDLE.toSeconds(),
                TimeUnit.SECONDS, new LinkedBlockingQueue<>(), daemon("kubelet-prober"));
        probes.allowCoreThreadTimeOut(true);
        ThreadPoolExecutor hooks = new ThreadPoolExecutor(0, Integer.MAX_VALUE, IDLE.toSeconds(), TimeUnit.SECONDS,
                new SynchronousQueue<>(), daemon("kubelet-hook"));
        return of(runtime, clock, events, timers, probes, hooks);
    }

    /** For a syncer built without the agent's timers (tests, tools): its own timer thread, ended when idle. */
    public static ProbesAndHooks standalone(ContainerRuntime runtime, Clock clock, EventRecorder events) {
        ScheduledThreadPoolExecutor timers = new ScheduledThreadPoolExecutor(1, daemon("kubelet-probe-timer"));
        timers.setKeepAliveTime(IDLE.toSeconds(), TimeUnit.SECONDS);
        timers.allowCoreThreadTimeOut(true);
        timers.setRemoveOnCancelPolicy(true);
        return of(runtime, clock, events, Timers.of(timers));
    }

    private static ThreadFactory daemon(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
