package io.quarkube.kubelet.node;

import io.micrometer.core.instrument.Timer;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * Runs one heartbeat per node every interval on a small thread pool. Node {@code slot} of {@code slots} beats at
 * {@code origin + interval * slot / slots + k * interval}, so 1,000 nodes at 10 s beat 100 times a second, evenly,
 * never as one burst. The lateness of each beat (finished minus planned) goes into a timer: it is the heartbeat
 * delay a node lifecycle controller would see.
 */
public final class NodeHeartbeats implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(NodeHeartbeats.class);

    /** What one beat does; returns whether it succeeded (only successful beats count for lateness). */
    @FunctionalInterface
    public interface Beat {
        boolean run(String nodeName);
    }

    private final ScheduledThreadPoolExecutor pool;
    private final long intervalNanos;
    private final int slots;
    private final long originNanos = System.nanoTime();
    private final Timer lateness;
    private final Beat beat;

    public NodeHeartbeats(int threads, Duration interval, int slots, Timer lateness, Beat beat) {
        if (interval.isZero() || interval.isNegative()) {
            throw new IllegalArgumentException("quarkube.kubelet.heartbeat-interval must be positive, was " + interval);
        }
        this.intervalNanos = interval.toNanos();
        this.slots = Math.max(1, slots);
        this.lateness = lateness;
        this.beat = beat;
        AtomicInteger n = new AtomicInteger();
        this.pool = new ScheduledThreadPoolExecutor(Math.max(1, threads), r -> {
            Thread t = new Thread(r, "kubelet-node-heartbeat-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        this.pool.setRemoveOnCancelPolicy(true);
    }

    /** Starts beating for this node from its slot's next tick (a tick in the past is skipped, not run late). */
    public ScheduledFuture<?> add(String nodeName, int slot) {
        long now = System.nanoTime();
        long first = originNanos + intervalNanos * (slot % slots) / slots;
        if (first <= now) {
            first += ((now - first) / intervalNanos + 1) * intervalNanos;
        }
        Ticker ticker = new Ticker(nodeName, first);
        return pool.scheduleAtFixedRate(ticker, first - now, intervalNanos, TimeUnit.NANOSECONDS);
    }

    @Override
    public void close() {
        pool.shutdownNow();
    }

    /** One node's beat; fixed-rate, so {@code planned} advances by exactly one interval per run. */
    private final class Ticker implements Runnable {
        private final String nodeName;
        private long planned; // only touched by the run in progress (fixed-rate runs never overlap)

        Ticker(String nodeName, long planned) {
            this.nodeName = nodeName;
            this.planned = planned;
        }

        @Override
        public void run() {
            long due = planned;
            planned += intervalNanos;
            try {
                if (beat.run(nodeName)) {
                    lateness.record(Math.max(0, System.nanoTime() - due), TimeUnit.NANOSECONDS);
                }
            } catch (RuntimeException e) {
                // an exception would cancel this node's schedule for good
                LOG.warnf(e, "heartbeat of node %s failed unexpectedly", nodeName);
            }
        }
    }
}
