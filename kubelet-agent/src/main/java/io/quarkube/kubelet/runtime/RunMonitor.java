package io.quarkube.kubelet.runtime;

import io.quarkube.kubelet.logs.ContainerLog;
import io.quarkube.kubelet.logs.CriLog;
import io.quarkube.kubelet.logs.OutputTail;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Watches the process runtime's running containers from one thread, every {@value #POLL_MS} ms: copies what each
 * appended to its raw stdout and stderr files into its CRI log (remembering how far, on disk), and notices when its
 * launch script is gone, by PID and start time, whether this agent started it or took it over from an earlier one
 * (then it is not our child and nothing else would tell us). A run that ended has its last output copied before
 * {@code onEnd} runs, so an exit is reported once its output is in the log, as a CRI shim waits for its IO.
 */
final class RunMonitor implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(RunMonitor.class);
    static final long POLL_MS = 100;

    private final ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "process-runtime-monitor");
        t.setDaemon(true);
        return t;
    });
    private final Map<String, Watched> watched = new ConcurrentHashMap<>();

    private final class Watched {
        final ContainerRun run;
        final ContainerLog log;
        final OutputTail stdout;
        final OutputTail stderr;
        final Runnable onEnd;

        Watched(ContainerRun run, ContainerLog log, long[] offsets, Runnable onEnd) {
            this.run = run;
            this.log = log;
            this.stdout = new OutputTail(run.files().stdout(), CriLog.STDOUT, log, offsets[0]);
            this.stderr = new OutputTail(run.files().stderr(), CriLog.STDERR, log, offsets[1]);
            this.onEnd = onEnd;
        }

        void poll() throws IOException {
            boolean alive = ProcStat.isRunning(run.pid(), run.startTime()); // asked first: then all output is written
            if (alive) {
                if (stdout.poll() | stderr.poll()) {
                    run.files().writeOffsets(stdout.offset(), stderr.offset());
                }
                return;
            }
            watched.remove(run.handle().id(), this);
            try {
                stdout.finish();
                stderr.finish();
                run.files().writeOffsets(stdout.offset(), stderr.offset());
            } finally {
                try {
                    onEnd.run();
                } finally {
                    log.close(); // after the exit: whoever follows the log sees the container ended
                }
            }
        }
    }

    RunMonitor() {
        thread.scheduleWithFixedDelay(this::pollAll, POLL_MS, POLL_MS, TimeUnit.MILLISECONDS);
    }

    /** Starts copying the run's output from {@code offsets} (stdout, stderr) and watching for its end. */
    void watch(ContainerRun run, ContainerLog log, long[] offsets, Runnable onEnd) {
        watched.put(run.handle().id(), new Watched(run, log, offsets, onEnd));
    }

    private void pollAll() {
        for (Watched w : watched.values()) {
            try {
                w.poll();
            } catch (IOException | RuntimeException e) {
                LOG.warnf(e, "watching container %s of pod %s", w.run.handle().containerName(),
                        w.run.sandbox().fullName());
            }
        }
    }

    /** Stops watching; the logs of runs still going stay open (the runtime stops the runs first). */
    @Override
    public void close() {
        thread.shutdownNow();
        try {
            thread.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Forgets every run without ending it (a test's stand-in for the agent dying). */
    void abandon() {
        watched.clear();
        thread.shutdownNow();
    }
}
